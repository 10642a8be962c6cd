using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace WrlDbgExt.Engine.DataModel;

/// <summary>
/// Our COM objects the engine calls (ModelConcepts.cs): each wraps a function of the context object, and catches
/// everything (a failing property shows as an error for that key only; the engine never sees an exception).
/// </summary>
internal static class ComObjects
{
    private static readonly StrategyBasedComWrappers Wrappers = new();

    /// <summary>A new reference to <paramref name="o"/>'s <paramref name="iid"/> interface, for the engine to keep.</summary>
    public static nint Interface(object o, Guid iid)
    {
        nint unknown = Wrappers.GetOrCreateComInterfaceForObject(o, CreateComInterfaceFlags.None);
        try
        {
            return Marshal.QueryInterface(unknown, in iid, out nint p) >= 0 ? p : throw new InvalidCastException($"{o.GetType().Name} lacks {iid}");
        }
        finally
        {
            Marshal.Release(unknown);
        }
    }
}

[GeneratedComClass]
internal sealed partial class ModelConcept : IDataModelConcept
{
    public int InitializeObject(nint modelObject, nint matchingTypeSignature, nint wildcardMatches) => ModelConstants.SOk;

    public int GetName(out nint modelName)
    {
        modelName = 0;
        return ModelConstants.ENotImpl;
    }
}

/// <summary>A computed property: <c>get(context)</c> returns an IModelObject* the engine then owns.</summary>
[GeneratedComClass]
internal sealed partial class ModelProperty(DataModelHost host, Func<nint, nint> get) : IModelPropertyAccessor
{
    public int GetValue(nint key, nint contextObject, out nint value)
    {
        try
        {
            value = get(contextObject);
            if (value == 0) value = host.Manager.NoValue();
            return ModelConstants.SOk;
        }
        catch (Exception e)
        {
            value = host.Manager.Error(ModelConstants.EFail, Core.Commands.ExtensionDispatcher.OneLine(e.Message));
            return ModelConstants.SOk;
        }
    }

    public int SetValue(nint key, nint contextObject, nint value) => ModelConstants.ENotImpl;
}

/// <summary>The display string <c>dx</c> shows after the object's address.</summary>
[GeneratedComClass]
internal sealed partial class ModelDisplay(Func<nint, string> display) : IStringDisplayableConcept
{
    public int ToDisplayString(nint contextObject, nint metadata, out nint displayString)
    {
        try
        {
            displayString = Marshal.StringToBSTR(display(contextObject));
            return ModelConstants.SOk;
        }
        catch (Exception e)
        {
            displayString = Marshal.StringToBSTR("wrldbgext: " + Core.Commands.ExtensionDispatcher.OneLine(e.Message));
            return ModelConstants.SOk;
        }
    }
}

/// <summary>A method (<c>@$wrl.Object(addr)</c>): arguments are borrowed, the result is the engine's.</summary>
[GeneratedComClass]
internal sealed unsafe partial class ModelMethod(DataModelHost host, Func<nint[], nint> call) : IModelMethod
{
    public int Call(nint contextObject, ulong argCount, nint* arguments, nint* result, nint* metadata)
    {
        if (metadata != null) *metadata = 0;
        if (result == null) return ModelConstants.EPointer;
        try
        {
            var args = new nint[(int)Math.Min(argCount, 16)];
            for (int i = 0; i < args.Length; i++) args[i] = arguments[i];
            nint value = call(args);
            *result = value != 0 ? value : host.Manager.NoValue();
            return ModelConstants.SOk;
        }
        catch (Exception e)
        {
            *result = host.Manager.Error(ModelConstants.EInvalidArg, Core.Commands.ExtensionDispatcher.OneLine(e.Message));
            return ModelConstants.SOk;
        }
    }
}

/// <summary>
/// A list: iterable and indexable in one dimension (LINQ's Count and dx's [0], [1] labels need both, dbgmodel.h:
/// a non-zero default dimensionality promises IIndexableConcept and a unique default index per element). Each
/// element is made when asked for, as a new object the engine owns.
/// </summary>
[GeneratedComClass]
internal sealed unsafe partial class ModelList(DataModelHost host, IReadOnlyList<Func<nint>> items) : IIterableConcept, IIndexableConcept
{
    public int GetDefaultIndexDimensionality(nint contextObject, out ulong dimensionality)
    {
        dimensionality = 1;
        return ModelConstants.SOk;
    }

    public int GetIterator(nint contextObject, out nint iterator)
    {
        try
        {
            iterator = ComObjects.Interface(new ModelListIterator(host, items), typeof(IModelIterator).GUID);
            return ModelConstants.SOk;
        }
        catch (Exception)
        {
            iterator = 0;
            return ModelConstants.EFail;
        }
    }

    public int GetDimensionality(nint contextObject, out ulong dimensionality)
    {
        dimensionality = 1;
        return ModelConstants.SOk;
    }

    public int GetAt(nint contextObject, ulong indexerCount, nint* indexers, nint* value, nint* metadata)
    {
        if (metadata != null) *metadata = 0;
        if (value == null) return ModelConstants.EPointer;
        *value = 0;
        try
        {
            if (indexerCount != 1 || !ModelObject.TryUInt64(indexers[0], out ulong index) || index >= (ulong)items.Count) return ModelConstants.EBounds;
            *value = items[(int)index]();
            return *value != 0 ? ModelConstants.SOk : ModelConstants.EFail;
        }
        catch (Exception)
        {
            return ModelConstants.EFail;
        }
    }

    public int SetAt(nint contextObject, ulong indexerCount, nint* indexers, nint value) => ModelConstants.ENotImpl;
}

[GeneratedComClass]
internal sealed unsafe partial class ModelListIterator(DataModelHost host, IReadOnlyList<Func<nint>> items) : IModelIterator
{
    private int _next;

    public int Reset()
    {
        _next = 0;
        return ModelConstants.SOk;
    }

    public int GetNext(nint* value, ulong dimensions, nint* indexers, nint* metadata)
    {
        if (metadata != null) *metadata = 0;
        if (value == null) return ModelConstants.EPointer;
        *value = 0;
        try
        {
            while (_next < items.Count)
            {
                int index = _next++;
                if ((*value = items[index]()) == 0) continue;
                if (dimensions >= 1 && indexers != null)
                    indexers[0] = host.Manager.Intrinsic(ModelConstants.Intrinsic, Variant.OfUnsigned((ulong)index));
                return ModelConstants.SOk;
            }
            return ModelConstants.EBounds;
        }
        catch (Exception)
        {
            return ModelConstants.EFail;
        }
    }
}
