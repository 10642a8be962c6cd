using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Pdb;
using WrlDbgExt.Pdb.Names;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// The PDBs of a dump's modules, found along a symbol path (<see cref="PdbLocator"/>) when first needed and kept open:
/// names for addresses (procedures and data from the module streams, publics with vftables undecorated as the engine
/// prints them) and, through <see cref="ITypeInfo"/>, the types the layout catalog prefers to built-in layouts.
/// </summary>
internal sealed class DumpSymbols(IReadOnlyList<TargetModule> modules, SymbolPath path) : ISymbolLookup, INearestSymbols, ITypeInfo, IDisposable
{
    private readonly Dictionary<ulong, (PdbSearch Search, PdbFile? Pdb)> _byBase = [];
    private readonly Dictionary<ulong, NearestSymbolIndex> _nearest = [];
    private readonly Dictionary<ulong, PdbDebugTypes> _debugTypes = [];
    private readonly Dictionary<ulong, ImageFile?> _images = [];

    /// <summary>Every module with a CodeView record, with how its search ended (for <c>info</c>).</summary>
    public IReadOnlyList<(TargetModule Module, PdbSearch Search)> Searches =>
        [.. modules.Where(m => m.Pdb is not null).Select(m => (m, Resolve(m).Search))];

    private (PdbSearch Search, PdbFile? Pdb) Resolve(TargetModule module)
    {
        if (_byBase.TryGetValue(module.ImageBase, out var known)) return known;
        var search = PdbLocator.Find(module.Pdb!, path, Identity);
        PdbFile? pdb = null;
        if (search.Outcome == PdbSearchOutcome.Found)
        {
            try { pdb = PdbFile.Open(search.Path!); }
            catch (Exception e) when (e is PdbFormatException or IOException or UnauthorizedAccessException) { search = search with { Outcome = PdbSearchOutcome.NotFound }; }
        }
        return _byBase[module.ImageBase] = (search, pdb);
    }

    /// <summary>What a candidate file says it is; null for a file that is no readable PDB.</summary>
    private static PdbIdentity? Identity(string file)
    {
        // A FIFO (or a device) named like the PDB would block the open: only regular files are PDBs.
        if (Dumps.FileKind.NotRegularReason(file) is not null) return null;
        try
        {
            using var pdb = PdbFile.Open(file);
            return PdbIdentity.Rsds(pdb.Guid, pdb.Age, file);
        }
        catch (Exception e) when (e is PdbFormatException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private (TargetModule Module, PdbFile Pdb)? PdbAt(ulong address)
    {
        var module = modules.FirstOrDefault(m => m.Contains(address));
        return module?.Pdb is not null && Resolve(module).Pdb is { } pdb ? (module, pdb) : null;
    }

    private (TargetModule Module, PdbFile Pdb)? PdbNamed(string moduleName)
    {
        var module = modules.FirstOrDefault(m => string.Equals(m.ModuleName, moduleName, StringComparison.OrdinalIgnoreCase));
        return module?.Pdb is not null && Resolve(module).Pdb is { } pdb ? (module, pdb) : null;
    }

    public bool TryGetName(ulong address, out string name, out ulong displacement)
    {
        name = "";
        displacement = 0;
        if (PdbAt(address) is not var (module, pdb) || address - module.ImageBase > uint.MaxValue) return false;
        try
        {
            if (pdb.Symbols.FindNearest((uint)(address - module.ImageBase)) is not { } nearest) return false;
            string symbol = nearest.Symbol.IsPublic ? MsvcVfTableName.Undecorate(nearest.Symbol.Name) ?? nearest.Symbol.Name : nearest.Symbol.Name;
            name = $"{module.ModuleName}!{symbol}";
            displacement = nearest.Displacement;
            return true;
        }
        catch (PdbFormatException)
        {
            return false; // a damaged symbol table names nothing
        }
    }

    public NearSymbols? Near(ulong address)
    {
        if (PdbAt(address) is not var (module, pdb) || address - module.ImageBase > uint.MaxValue) return null;
        try
        {
            if (!_nearest.TryGetValue(module.ImageBase, out var index)) _nearest[module.ImageBase] = index = new NearestSymbolIndex(pdb, module, DebugTypesOf(module, pdb));
            return index.Near((uint)(address - module.ImageBase));
        }
        catch (PdbFormatException)
        {
            return null; // a damaged symbol table names nothing
        }
    }

    public bool TryGetAddress(string name, out ulong address)
    {
        address = 0;
        int bang = name.IndexOf('!');
        if (bang <= 0 || PdbNamed(name[..bang]) is not var (module, pdb)) return false;
        try
        {
            var symbol = pdb.Symbols.FindByName(name[(bang + 1)..]).FirstOrDefault(s => s.Rva is not null);
            if (symbol is null) return false;
            address = module.ImageBase + symbol.Rva!.Value;
            return true;
        }
        catch (PdbFormatException)
        {
            return false;
        }
    }

    // ---- ITypeInfo: type ids are TPI indices, scoped by module base ----

    public bool TryGetTypeId(string qualifiedType, out uint typeId, out ulong moduleBase)
    {
        typeId = 0;
        moduleBase = 0;
        int bang = qualifiedType.IndexOf('!');
        string type = bang < 0 ? qualifiedType : qualifiedType[(bang + 1)..];
        // module!Type in that module's PDB; a bare name in each module's, in load order.
        var candidates = bang < 0 ? modules.Where(m => m.Pdb is not null) : modules.Where(m => string.Equals(m.ModuleName, qualifiedType[..bang], StringComparison.OrdinalIgnoreCase));
        foreach (var module in candidates)
        {
            if (module.Pdb is null || Resolve(module).Pdb is not { } pdb) continue;
            try
            {
                if (!pdb.HasTypes || pdb.Types.FindByName(type) is not UdtType { IsForwardReference: false } udt) continue;
                (typeId, moduleBase) = (udt.Index, module.ImageBase);
                return true;
            }
            catch (PdbFormatException) { }
        }
        return false;
    }

    public bool TryGetTypeSize(ulong moduleBase, uint typeId, out uint size)
    {
        size = 0;
        if (PdbOf(moduleBase) is not { } pdb) return false;
        try
        {
            size = (uint)pdb.Types.SizeOf(typeId);
            return true;
        }
        catch (PdbFormatException)
        {
            return false;
        }
    }

    public bool TryGetFieldOffset(ulong moduleBase, uint typeId, string field, out uint offset)
    {
        offset = 0;
        if (PdbOf(moduleBase) is not { } pdb) return false;
        try
        {
            return FieldOffset(pdb.Types, typeId, field, 0, depth: 0) is { } found && (offset = (uint)found) == found;
        }
        catch (PdbFormatException)
        {
            return false;
        }
    }

    /// <summary>A data member by name, in the type or (depth first, as the engine's dt shows them) its non-virtual bases.</summary>
    private static long? FieldOffset(TypeTable types, uint typeId, string field, long at, int depth)
    {
        if (depth > TypeTable.MaxDepth) return null;
        var fields = types.FieldsOf(typeId);
        if (fields.Members.FirstOrDefault(m => m.Name == field) is { } member) return at + member.Offset;
        foreach (var b in fields.BaseClasses.Where(b => !b.IsVirtual))
            if (FieldOffset(types, b.Type, field, at + b.Offset, depth + 1) is { } inBase) return inBase;
        return null;
    }

    /// <summary>The modules named <paramref name="module"/> (any case), or every module with a PDB, each with its open PDB.</summary>
    public IEnumerable<(TargetModule Module, PdbFile Pdb)> PdbsOf(string? module)
    {
        var candidates = module is null ? modules.Where(m => m.Pdb is not null) : modules.Where(m => string.Equals(m.ModuleName, module, StringComparison.OrdinalIgnoreCase));
        foreach (var m in candidates)
            if (m.Pdb is not null && Resolve(m).Pdb is { } pdb) yield return (m, pdb);
    }

    /// <summary>One module's types as the core's model, built once.</summary>
    public PdbDebugTypes DebugTypesOf(TargetModule module, PdbFile pdb)
    {
        if (!_debugTypes.TryGetValue(module.ImageBase, out var types))
            _debugTypes[module.ImageBase] = types = new PdbDebugTypes(pdb, module.ImageBase);
        return types;
    }

    public string? ModuleNameOf(ulong moduleBase) => modules.FirstOrDefault(m => m.ImageBase == moduleBase)?.ModuleName;

    private PdbFile? PdbOf(ulong moduleBase) =>
        modules.FirstOrDefault(m => m.ImageBase == moduleBase) is { Pdb: not null } m ? Resolve(m).Pdb : null;

    /// <summary>
    /// Bytes of a module's read-only image at <paramref name="address"/> from its file on the symbol path, for what the
    /// dump did not capture (the engine does the same); 0 outside modules or without the file.
    /// </summary>
    public int ReadImage(ulong address, Span<byte> buffer)
    {
        var module = modules.FirstOrDefault(m => m.Contains(address));
        if (module is null) return 0;
        if (!_images.TryGetValue(module.ImageBase, out var image))
            _images[module.ImageBase] = image = PdbLocator.FindImage(module, path, file => ImageFile.Open(file, module.TimeDateStamp, module.ImageSize));
        if (image is null) return 0;
        ulong rva = address - module.ImageBase;
        int length = (int)Math.Min((ulong)buffer.Length, module.ImageSize - rva);
        return image.Read((uint)rva, buffer[..length]);
    }

    public void Dispose()
    {
        foreach (var image in _images.Values) image?.Dispose();
        _images.Clear();
        foreach (var (_, pdb) in _byBase.Values) pdb?.Dispose();
        _byBase.Clear();
        _nearest.Clear();
    }
}
