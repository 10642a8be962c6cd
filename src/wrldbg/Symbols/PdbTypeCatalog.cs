using WrlDbgExt.Core.Targets;
using WrlDbgExt.Pdb;
using WrlDbgExt.Pdb.Symbols;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// dt's view of the modules' PDBs (<see cref="ITypeCatalog"/>): types by name without regard to case, as the engine
/// finds them; wildcard listings in the engine's orders; global variables (docs/pdb-format.md §18).
/// </summary>
internal sealed class PdbTypeCatalog(DumpSymbols symbols) : ITypeCatalog
{
    private readonly Dictionary<ulong, Dictionary<string, uint>> _definitionsIgnoringCase = [];

    public IReadOnlyList<NamedType> FindTypes(string? module, string name)
    {
        var found = new List<NamedType>();
        foreach (var (m, pdb) in symbols.PdbsOf(module))
        {
            if (!pdb.HasTypes || DefinitionIndex(m, pdb, name) is not { } index) continue;
            var debugTypes = symbols.DebugTypesOf(m, pdb);
            found.Add(new NamedType(m.ModuleName, pdb.Types.NameOf(index), debugTypes.Get(index)));
        }
        return found;
    }

    public IReadOnlyList<SymbolMatch> Matching(string? module, string pattern)
    {
        var matches = new List<SymbolMatch>();
        var glob = Glob(pattern);
        foreach (var (m, pdb) in symbols.PdbsOf(module))
        {
            try
            {
                bool wildcard = pattern.Contains('*');
                var globals = wildcard ? pdb.Symbols.GlobalsInHashOrder() : [];
                matches.AddRange(globals.Where(g => g.Kind == GlobalRecordKind.TypeName && glob.IsMatch(g.Name)).Select(g => new SymbolMatch(m.ModuleName, g.Name, null)));
                if (pdb.HasTypes) matches.AddRange(TypeRecordsMatching(pdb.Types, glob).Select(name => new SymbolMatch(m.ModuleName, name, null)));
                // Data first, then procedures, each in the globals' hash order (observed).
                foreach (var kind in new[] { GlobalRecordKind.Data, GlobalRecordKind.Procedure })
                    matches.AddRange(globals.Where(g => g.Kind == kind && g.Rva is not null && glob.IsMatch(g.Name))
                        .Select(g => new SymbolMatch(m.ModuleName, g.Name, m.ImageBase + g.Rva!.Value)));
            }
            catch (PdbFormatException) { }
        }
        return matches;
    }

    public NamedGlobal? FindGlobal(string? module, string name)
    {
        foreach (var (m, pdb) in symbols.PdbsOf(module))
        {
            if (!pdb.HasTypes) continue;
            try
            {
                static bool IsData(PdbSymbol s) => s.Kind is SymbolKind.GlobalData or SymbolKind.LocalData && s.Rva is not null && !s.InProcedure;
                var symbol = pdb.Symbols.FindByName(name).FirstOrDefault(IsData)
                    ?? pdb.Symbols.GlobalData.FirstOrDefault(s => IsData(s) && string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
                if (symbol is not null)
                    return new NamedGlobal(m.ModuleName, symbol.Name, symbols.DebugTypesOf(m, pdb).Get(symbol.TypeIndex), m.ImageBase + symbol.Rva!.Value);
            }
            catch (PdbFormatException) { }
        }
        return null;
    }

    /// <summary>
    /// The type records' part of the listing, as observed (docs/pdb-format.md §18): in index order, definitions and the
    /// forward references nothing defines; a class that declares a virtual method of its own twice.
    /// </summary>
    private static IEnumerable<string> TypeRecordsMatching(TypeTable types, System.Text.RegularExpressions.Regex glob)
    {
        foreach (var type in types.All())
        {
            switch (type)
            {
                case UdtType u when glob.IsMatch(u.Name):
                    if (u.IsForwardReference && types.ResolveIndex(u.Index) != u.Index) break;
                    yield return u.Name;
                    if (!u.IsForwardReference && types.DeclaresVirtualMethod(u.Index)) yield return u.Name;
                    break;
                case EnumType e when glob.IsMatch(e.Name):
                    if (!e.IsForwardReference || types.ResolveIndex(e.Index) == e.Index) yield return e.Name;
                    break;
            }
        }
    }

    /// <summary>dt's wildcard: <c>*</c> is any run of characters (nothing else is special), without regard to case.</summary>
    private static System.Text.RegularExpressions.Regex Glob(string pattern) =>
        new("^" + string.Join(".*", pattern.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.Singleline);

    /// <summary>A class, union or enum definition by exact name (the TPI hash), else by name ignoring case (one pass, kept).</summary>
    private uint? DefinitionIndex(TargetModule module, PdbFile pdb, string name)
    {
        var exact = pdb.Types.FindByName(name);
        if (exact is UdtType { IsForwardReference: false } or EnumType { IsForwardReference: false }) return exact.Index;
        if (!_definitionsIgnoringCase.TryGetValue(module.ImageBase, out var byName))
        {
            byName = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);
            foreach (var definition in pdb.Types.Definitions())
                byName.TryAdd(definition is UdtType u ? u.Name : ((EnumType)definition).Name, definition.Index);
            _definitionsIgnoringCase[module.ImageBase] = byName;
        }
        return byName.TryGetValue(name, out uint index) ? index : null;
    }
}
