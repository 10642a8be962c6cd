using WrlDbgExt.Core.Targets;
using WrlDbgExt.Pdb;
using WrlDbgExt.Pdb.Names;
using WrlDbgExt.Pdb.Symbols;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// One module's PDB symbols by address, as the engine's <c>ln</c> sees them (docs/pdb-format.md §17): publics,
/// procedures and data (a function's static locals included), one entry per address; at one address a procedure
/// names it before data, data before a public.
/// </summary>
internal sealed class NearestSymbolIndex
{
    private readonly PdbFile pdb;
    private readonly TargetModule module;
    private readonly uint[] addresses;
    private readonly List<PdbSymbol>[] groups;
    private readonly uint[] sectionStarts;

    private readonly PdbDebugTypes debugTypes;

    public NearestSymbolIndex(PdbFile pdb, TargetModule module, PdbDebugTypes debugTypes)
    {
        this.pdb = pdb;
        this.debugTypes = debugTypes;
        this.module = module;
        var byRva = new SortedDictionary<uint, List<PdbSymbol>>();
        foreach (var symbol in pdb.Symbols.All())
        {
            if (symbol.Rva is not { } rva || !(symbol.IsPublic || symbol.IsProcedure || symbol.Kind is SymbolKind.GlobalData or SymbolKind.LocalData)) continue;
            if (!byRva.TryGetValue(rva, out var group)) byRva[rva] = group = [];
            // The globals stream repeats its module's S_GDATA32: one symbol per name and kind.
            if (!group.Any(s => s.Name == symbol.Name && s.IsPublic == symbol.IsPublic)) group.Add(symbol);
        }
        addresses = [.. byRva.Keys];
        groups = [.. byRva.Values.Select(g => g.OrderBy(Rank).ToList())];
        sectionStarts = [.. (pdb.SectionHeaders?.Sections ?? []).Select(s => s.VirtualAddress).Order()];
    }

    private static int Rank(PdbSymbol s) => s.IsProcedure ? 0 : s.IsPublic ? 2 : 1;

    public NearSymbols? Near(uint rva)
    {
        if (addresses.Length == 0) return null;
        int after = UpperBound(rva); // the first address above rva
        int before = after - 1;
        // A section runs to the next one's start. With no symbol before the address in its own section (the image
        // headers, a section without symbols) the engine shows a pair of neighbours with displacement -1: the first
        // symbol above the address and the one after it, or the last two.
        int section = Array.FindLastIndex(sectionStarts, s => s <= rva);
        if (before < 0 || section < 0 || addresses[before] < sectionStarts[section])
        {
            if (addresses.Length < 2) return null;
            int first = Math.Min(after, addresses.Length - 2);
            return new NearSymbols(Named(first), null, Named(first + 1), null);
        }
        uint displacement = rva - addresses[before];
        return new NearSymbols(Named(before), displacement, after < addresses.Length ? Named(after) : null,
            displacement == 0 ? Declared(groups[before]) : null);
    }

    private int UpperBound(uint rva)
    {
        int lo = 0, hi = addresses.Length;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (addresses[mid] <= rva) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private NamedAddress Named(int at) => new(Qualified(groups[at][0]), module.ImageBase + addresses[at]);

    private string Qualified(PdbSymbol s) => $"{module.ModuleName}!{(s.IsPublic ? MsvcPublicName.Undecorate(s.Name) : s.Name)}";

    /// <summary>What <c>Exact matches:</c> lists: procedures and module-level data; publics and static locals are left out.</summary>
    private List<DeclaredSymbol> Declared(List<PdbSymbol> group)
    {
        var list = new List<DeclaredSymbol>();
        foreach (var s in group.Where(s => s.IsProcedure || !s.IsPublic && !s.InProcedure))
        {
            ulong address = module.ImageBase + s.Rva!.Value;
            if (s.IsProcedure)
            {
                // The engine lists the named parameters (S_LOCAL), not the type's argument list: unnamed ones and
                // `this` are left out, so a function whose parameters are all unnamed shows (void).
                var parameters = (s.Parameters ?? []).Where(p => p.Name.Length > 0 && p.Name != "this").Select(p => TypeName(p.TypeIndex)).ToList();
                list.Add(new DeclaredSymbol(Qualified(s), address, parameters, null, null));
            }
            else list.Add(Data(s, address));
        }
        return list;
    }

    private DeclaredSymbol Data(PdbSymbol s, ulong address) =>
        new(Qualified(s), address, null, pdb.HasTypes ? debugTypes.Get(s.TypeIndex) : null, TypeName(s.TypeIndex));

    private string TypeName(uint typeIndex) => pdb.HasTypes ? CTypeName.Of(pdb.Types, typeIndex) : $"<type 0x{typeIndex:X}>";
}
