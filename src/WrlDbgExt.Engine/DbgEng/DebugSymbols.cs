using System.Text;

namespace WrlDbgExt.Engine.DbgEng;

/// <summary>IDebugSymbols (8C31E98C-983A-48A5-9016-6FE5D667A950): names, types and field offsets from the loaded PDBs.</summary>
internal sealed unsafe class DebugSymbols(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("8C31E98C-983A-48A5-9016-6FE5D667A950");

    /// <summary>GetNameByOffset (slot 7): <c>module!symbol</c> and displacement.</summary>
    public bool TryGetNameByOffset(ulong address, out string name, out ulong displacement)
    {
        var buffer = new byte[1024];
        uint size = 0;
        ulong disp = 0;
        int hr;
        fixed (byte* b = buffer)
            hr = ((delegate* unmanaged<nint, ulong, byte*, uint, uint*, ulong*, int>)Slot(7))(Pointer, address, b, (uint)buffer.Length, &size, &disp);
        name = hr >= 0 ? CString(buffer) : "";
        displacement = disp;
        return hr >= 0 && name.Length > 0;
    }

    /// <summary>GetOffsetByName (slot 8).</summary>
    public bool TryGetOffsetByName(string symbol, out ulong address)
    {
        var bytes = Encoding.UTF8.GetBytes(symbol + "\0");
        ulong result = 0;
        int hr;
        fixed (byte* s = bytes)
            hr = ((delegate* unmanaged<nint, byte*, ulong*, int>)Slot(8))(Pointer, s, &result);
        address = result;
        return hr == 0; // S_FALSE: ambiguous
    }

    /// <summary>GetSymbolTypeId (slot 23): the type id and module base of <c>[module!]Type</c>.</summary>
    public bool TryGetTypeId(string typeName, out uint typeId, out ulong module)
    {
        var bytes = Encoding.UTF8.GetBytes(typeName + "\0");
        uint id = 0;
        ulong mod = 0;
        int hr;
        fixed (byte* s = bytes)
            hr = ((delegate* unmanaged<nint, byte*, uint*, ulong*, int>)Slot(23))(Pointer, s, &id, &mod);
        typeId = id;
        module = mod;
        return hr >= 0 && mod != 0;
    }

    /// <summary>GetTypeSize (slot 21).</summary>
    public bool TryGetTypeSize(ulong module, uint typeId, out uint size)
    {
        uint s = 0;
        int hr = ((delegate* unmanaged<nint, ulong, uint, uint*, int>)Slot(21))(Pointer, module, typeId, &s);
        size = s;
        return hr >= 0;
    }

    /// <summary>GetFieldOffset (slot 22); base classes' fields are found too.</summary>
    public bool TryGetFieldOffset(ulong module, uint typeId, string field, out uint offset)
    {
        var bytes = Encoding.UTF8.GetBytes(field + "\0");
        uint o = 0;
        int hr;
        fixed (byte* f = bytes)
            hr = ((delegate* unmanaged<nint, ulong, uint, byte*, uint*, int>)Slot(22))(Pointer, module, typeId, f, &o);
        offset = o;
        return hr >= 0;
    }

    /// <summary>GetModuleByOffset (slot 15) + GetModuleNames (slot 16): the engine's module name (<c>weak_refs</c>).</summary>
    public string? ModuleNameOf(ulong moduleBase)
    {
        uint index = 0;
        ulong found = 0;
        if (((delegate* unmanaged<nint, ulong, uint, uint*, ulong*, int>)Slot(15))(Pointer, moduleBase, 0, &index, &found) < 0) return null;
        var buffer = new byte[260];
        uint size = 0;
        int hr;
        fixed (byte* b = buffer)
            hr = ((delegate* unmanaged<nint, uint, ulong, byte*, uint, uint*, byte*, uint, uint*, byte*, uint, uint*, int>)Slot(16))(
                Pointer, index, found, null, 0, null, b, (uint)buffer.Length, &size, null, 0, null);
        return hr >= 0 ? CString(buffer) : null;
    }

    /// <summary>
    /// The loaded modules: GetNumberModules (slot 12), GetModuleParameters (slot 17) for base, size and
    /// timestamp, GetModuleNames (slot 16) for the image path. Empty when the engine declines.
    /// </summary>
    public IReadOnlyList<(ulong Base, uint Size, uint TimeDateStamp, string ImageName)> Modules()
    {
        uint loaded = 0, unloaded = 0;
        if (((delegate* unmanaged<nint, uint*, uint*, int>)Slot(12))(Pointer, &loaded, &unloaded) < 0 || loaded == 0) return [];
        loaded = Math.Min(loaded, 65536u);
        var parameters = new byte[loaded * ModuleParametersSize];
        int hr;
        fixed (byte* p = parameters)
            hr = ((delegate* unmanaged<nint, uint, ulong*, uint, byte*, int>)Slot(17))(Pointer, loaded, null, 0, p);
        if (hr < 0) return [];
        var result = new List<(ulong, uint, uint, string)>((int)loaded);
        var name = new byte[1024];
        for (int i = 0; i < loaded; i++)
        {
            var entry = parameters.AsSpan(i * ModuleParametersSize, ModuleParametersSize);
            ulong moduleBase = BitConverter.ToUInt64(entry);
            if (moduleBase == ulong.MaxValue) continue; // DEBUG_INVALID_OFFSET: no information for this index
            uint size = BitConverter.ToUInt32(entry[8..]);
            uint stamp = BitConverter.ToUInt32(entry[12..]);
            uint length = 0;
            string image = "";
            fixed (byte* b = name)
            {
                if (((delegate* unmanaged<nint, uint, ulong, byte*, uint, uint*, byte*, uint, uint*, byte*, uint, uint*, int>)Slot(16))(
                        Pointer, uint.MaxValue, moduleBase, b, (uint)name.Length, &length, null, 0, null, null, 0, null) >= 0)
                    image = CString(name);
            }
            result.Add((moduleBase, size, stamp, image));
        }
        return result;
    }

    /// <summary>
    /// Whether the module's symbols are loaded with type information: GetModuleByModuleName (slot 14), then
    /// GetModuleParameters (slot 17) SymbolType (at +24) is DEBUG_SYMTYPE_PDB (3) or _DIA (7). Deferred or export-only
    /// symbols are not asked (a lookup there fails loudly or loads symbols).
    /// </summary>
    public bool HasTypes(string module)
    {
        var name = Encoding.UTF8.GetBytes(module + "\0");
        uint index = 0;
        ulong moduleBase = 0;
        fixed (byte* n = name)
            if (((delegate* unmanaged<nint, byte*, uint, uint*, ulong*, int>)Slot(14))(Pointer, n, 0, &index, &moduleBase) < 0) return false;
        var parameters = new byte[ModuleParametersSize];
        fixed (byte* p = parameters)
            if (((delegate* unmanaged<nint, uint, ulong*, uint, byte*, int>)Slot(17))(Pointer, 1, &moduleBase, 0, p) < 0) return false;
        uint symbolType = BitConverter.ToUInt32(parameters, 24);
        return symbolType is 3 or 7;
    }

    /// <summary>sizeof(DEBUG_MODULE_PARAMETERS): ULONG64 Base, ten ULONGs, ULONG64 Reserved[2].</summary>
    private const int ModuleParametersSize = 64;

    private static string CString(byte[] buffer)
    {
        int end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }
}
