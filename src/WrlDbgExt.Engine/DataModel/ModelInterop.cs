using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.DataModel;

/// <summary>dbgmodel.h values (docs/debugger-engine.md §3): kinds, VARIANT types, HRESULTs we return. Concept IIDs are the
/// [Guid]s of their interfaces (ModelConcepts.cs).</summary>
internal static class ModelConstants
{
    // ModelObjectKind values we create.
    public const int PropertyAccessor = 0, Intrinsic = 7, Method = 8;
    public const ushort VtI4 = 3, VtBstr = 8, VtBool = 11, VtUnknown = 13, VtI8 = 20, VtUi8 = 21, VtUi4 = 19;
    public const int SOk = 0;
    public const int ENotImpl = unchecked((int)0x80004001), EFail = unchecked((int)0x80004005), EBounds = unchecked((int)0x8000000B),
        EInvalidArg = unchecked((int)0x80070057), EPointer = unchecked((int)0x80004003);
}

/// <summary>VARIANT as a blittable struct, x64 (the extension is x64 only): 24 bytes, the union at +8.</summary>
[StructLayout(LayoutKind.Sequential, Size = 24)]
internal struct Variant
{
    public ushort Type;
    public ushort Reserved1, Reserved2, Reserved3;
    public long Value; // the union's first 8 bytes: every scalar we use, or a pointer

    public static Variant Of(int v) => new() { Type = ModelConstants.VtI4, Value = v };

    public static Variant Of(long v) => new() { Type = ModelConstants.VtI8, Value = v };

    public static Variant OfUnsigned(ulong v) => new() { Type = ModelConstants.VtUi8, Value = (long)v };

    public static Variant Of(bool v) => new() { Type = ModelConstants.VtBool, Value = v ? -1 : 0 };

    public static Variant Unknown(nint p) => new() { Type = ModelConstants.VtUnknown, Value = p };
}

/// <summary>Location = {HostDefined, Offset}, passed by value (16 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Location
{
    public ulong HostDefined;
    public ulong Offset;
}

/// <summary>IModelObject (E28C7893-3F4B-4B96-BACA-293CDC55F45D): the slots we call on borrowed pointers, by number (dbgmodel.h).</summary>
internal static unsafe class ModelObject
{
    /// <summary>GetKeyValue (slot 7) of a borrowed object: a new reference, or 0.</summary>
    public static nint KeyValue(nint p, string key)
    {
        nint result = 0, metadata = 0;
        int hr;
        fixed (char* k = key) hr = ((delegate* unmanaged<nint, char*, nint*, nint*, int>)(*(void***)p)[7])(p, k, &result, &metadata);
        Release(metadata);
        return hr >= 0 ? result : 0;
    }

    /// <summary>SetKey (slot 24) on a borrowed object: it keeps its own reference to <paramref name="value"/>.</summary>
    public static int SetKey(nint p, string key, nint value)
    {
        fixed (char* k = key) return ((delegate* unmanaged<nint, char*, nint, nint, int>)(*(void***)p)[24])(p, k, value, 0);
    }

    /// <summary>AddParentModel (slot 20) on a borrowed object: its keys then include the parent model's.</summary>
    public static int AddParentModel(nint p, nint model) =>
        ((delegate* unmanaged<nint, nint, nint, byte, int>)(*(void***)p)[20])(p, model, 0, 0);

    /// <summary>RemoveParentModel (slot 21).</summary>
    public static int RemoveParentModel(nint p, nint model) => ((delegate* unmanaged<nint, nint, int>)(*(void***)p)[21])(p, model);

    /// <summary>SetConcept (slot 28) on a borrowed object.</summary>
    public static int SetConcept(nint p, Guid iid, nint concept) =>
        ((delegate* unmanaged<nint, Guid*, nint, nint, int>)(*(void***)p)[28])(p, &iid, concept, 0);

    public static void Release(nint p)
    {
        if (p != 0) ((delegate* unmanaged<nint, uint>)(*(void***)p)[2])(p);
    }

    public static void AddRef(nint p)
    {
        if (p != 0) ((delegate* unmanaged<nint, uint>)(*(void***)p)[1])(p);
    }

    /// <summary>GetLocation (slot 15) of a borrowed object: its address in the target.</summary>
    public static bool TryLocation(nint p, out ulong address)
    {
        Location l;
        address = 0;
        if (p == 0 || ((delegate* unmanaged<nint, Location*, int>)(*(void***)p)[15])(p, &l) < 0) return false;
        address = l.Offset;
        return true;
    }

    /// <summary>GetIntrinsicValueAs(VT_UI8) (slot 6) of a borrowed object: a number or a pointer's value.</summary>
    public static bool TryUInt64(nint p, out ulong value)
    {
        var v = default(Variant);
        value = 0;
        if (p == 0 || ((delegate* unmanaged<nint, ushort, Variant*, int>)(*(void***)p)[6])(p, ModelConstants.VtUi8, &v) < 0) return false;
        value = (ulong)v.Value;
        return true;
    }

    /// <summary>GetIntrinsicValueAs(VT_BSTR) (slot 6) of a borrowed object: a string argument; null when it is none.</summary>
    public static string? TryString(nint p)
    {
        var v = default(Variant);
        if (p == 0 || ((delegate* unmanaged<nint, ushort, Variant*, int>)(*(void***)p)[6])(p, ModelConstants.VtBstr, &v) < 0) return null;
        if (v.Type != ModelConstants.VtBstr) return null;
        string? text = Marshal.PtrToStringBSTR((nint)v.Value);
        Marshal.FreeBSTR((nint)v.Value); // the VARIANT is ours to clear
        return text;
    }

    /// <summary>GetKind (slot 4) of a borrowed object.</summary>
    public static int KindOf(nint p)
    {
        int kind = -1;
        return p != 0 && ((delegate* unmanaged<nint, int*, int>)(*(void***)p)[4])(p, &kind) >= 0 ? kind : -1;
    }
}

/// <summary>IDataModelManager (73FE19F4-…).</summary>
internal sealed unsafe class DataModelManager(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("73FE19F4-A110-4500-8ED9-3C28896F508C");

    /// <summary>CreateNoValue (slot 4).</summary>
    public nint NoValue()
    {
        nint o = 0;
        ((delegate* unmanaged<nint, nint*, int>)Slot(4))(Pointer, &o);
        return o;
    }

    /// <summary>CreateErrorObject (slot 5): what a property shows when it cannot be computed.</summary>
    public nint Error(int hr, string message)
    {
        nint o = 0;
        fixed (char* m = message) ((delegate* unmanaged<nint, int, char*, nint*, int>)Slot(5))(Pointer, hr, m, &o);
        return o;
    }

    /// <summary>CreateSyntheticObject (slot 8) in a host context (may be 0).</summary>
    public nint Synthetic(nint context = 0)
    {
        nint o = 0;
        return ((delegate* unmanaged<nint, nint, nint*, int>)Slot(8))(Pointer, context, &o) >= 0 ? o : 0;
    }

    /// <summary>CreateDataModelObject (slot 9).</summary>
    public nint DataModel(nint concept)
    {
        nint o = 0;
        return ((delegate* unmanaged<nint, nint, nint*, int>)Slot(9))(Pointer, concept, &o) >= 0 ? o : 0;
    }

    /// <summary>CreateIntrinsicObject (slot 10).</summary>
    public nint Intrinsic(int kind, Variant value)
    {
        nint o = 0;
        return ((delegate* unmanaged<nint, int, Variant*, nint*, int>)Slot(10))(Pointer, kind, &value, &o) >= 0 ? o : 0;
    }

    /// <summary>A string intrinsic: the BSTR is the engine's copy's source, freed here.</summary>
    public nint String(string text)
    {
        nint bstr = Marshal.StringToBSTR(text);
        try
        {
            return Intrinsic(ModelConstants.Intrinsic, new Variant { Type = ModelConstants.VtBstr, Value = bstr });
        }
        finally
        {
            Marshal.FreeBSTR(bstr);
        }
    }

    public int RegisterModel(nint signature, nint model) => ((delegate* unmanaged<nint, nint, nint, int>)Slot(14))(Pointer, signature, model);

    /// <summary>UnregisterModelForTypeSignature (slot 15): note the order, model first.</summary>
    public int UnregisterModel(nint model, nint signature) => ((delegate* unmanaged<nint, nint, nint, int>)Slot(15))(Pointer, model, signature);

    public int RegisterExtension(nint signature, nint model) => ((delegate* unmanaged<nint, nint, nint, int>)Slot(16))(Pointer, signature, model);

    public int UnregisterExtension(nint model, nint signature) => ((delegate* unmanaged<nint, nint, nint, int>)Slot(17))(Pointer, model, signature);

    /// <summary>GetRootNamespace (slot 19): a new reference, or 0.</summary>
    public nint RootNamespace()
    {
        nint o = 0;
        return ((delegate* unmanaged<nint, nint*, int>)Slot(19))(Pointer, &o) >= 0 ? o : 0;
    }
}

/// <summary>IDebugHostSymbols (854FD751-…): type signatures.</summary>
internal sealed unsafe class DebugHostSymbols(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("854FD751-C2E1-4EB2-B525-6619CB97A588");

    /// <summary>CreateTypeSignature (slot 4), any module.</summary>
    public nint TypeSignature(string signature)
    {
        nint o = 0;
        fixed (char* s = signature) return ((delegate* unmanaged<nint, char*, nint, nint*, int>)Slot(4))(Pointer, s, 0, &o) >= 0 ? o : 0;
    }
}

/// <summary>IDebugHostEvaluator (0FEF9A21-…): expressions, for typed objects (<c>*(module!Type*)0x…</c>).</summary>
internal sealed unsafe class DebugHostEvaluator(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("0FEF9A21-577E-4997-AC7B-1C4883241D99");

    /// <summary>dbgmodel.h USE_CURRENT_HOST_CONTEXT: (IDebugHostContext*)-1, "the debugger's current context" (null is not allowed).</summary>
    private const nint UseCurrentHostContext = -1;

    /// <summary>
    /// EvaluateExtendedExpression (slot 4) in the current context (the extended syntax knows <c>module!Type</c>; the
    /// language-only slot 3 does not); 0 when the engine refuses it.
    /// </summary>
    public nint Evaluate(string expression)
    {
        nint result = 0, metadata = 0;
        int hr;
        fixed (char* e = expression) hr = ((delegate* unmanaged<nint, nint, char*, nint, nint*, nint*, int>)Slot(4))(Pointer, UseCurrentHostContext, e, 0, &result, &metadata);
        ModelObject.Release(metadata);
        if (hr >= 0) return result;
        ModelObject.Release(result);
        return 0;
    }
}
