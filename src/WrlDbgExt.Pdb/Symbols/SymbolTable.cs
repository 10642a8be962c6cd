using WrlDbgExt.Pdb.Streams;

namespace WrlDbgExt.Pdb.Symbols;

/// <summary>
/// Names and addresses from the publics, the globals and the module symbol streams, with look-ups by name and
/// by address. Each part is read on first use.
/// </summary>
public sealed class SymbolTable
{
    private readonly Func<byte[]> symbolRecords;
    private readonly Func<PublicsStream?> publicsStream;
    private readonly Func<GlobalsStream?> globalsStream;
    private readonly Func<int, byte[]?> moduleStream;
    private readonly Func<ushort, uint, uint?> toRva;
    private readonly int moduleCount;
    private readonly Lazy<IReadOnlyList<PdbSymbol>> publics;
    private readonly Lazy<IReadOnlyList<PdbSymbol>> globals;
    private readonly Lazy<IReadOnlyList<GlobalRecord>> globalRecords;
    private readonly Lazy<IReadOnlyList<PdbSymbol>>[] modules;
    private readonly Lazy<PdbSymbol[]> byAddress;
    private readonly Lazy<ILookup<string, PdbSymbol>> byName;

    internal SymbolTable(Func<byte[]> symbolRecords, Func<PublicsStream?> publicsStream, Func<GlobalsStream?> globalsStream,
        int moduleCount, Func<int, byte[]?> moduleStream, Func<ushort, uint, uint?> toRva)
    {
        this.symbolRecords = symbolRecords;
        this.publicsStream = publicsStream;
        this.globalsStream = globalsStream;
        this.moduleStream = moduleStream;
        this.moduleCount = moduleCount;
        this.toRva = toRva;
        publics = new(ReadPublics);
        globals = new(ReadGlobals);
        modules = new Lazy<IReadOnlyList<PdbSymbol>>[moduleCount];
        for (int i = 0; i < moduleCount; i++)
        {
            int index = i;
            modules[i] = new(() => ReadModule(index));
        }
        byAddress = new(SortByAddress);
        byName = new(() => All().ToLookup(s => s.Name, StringComparer.Ordinal));
        globalRecords = new(ReadGlobalRecords);
    }

    /// <summary>Every S_PUB32, in address order (the publics stream's address map).</summary>
    public IReadOnlyList<PdbSymbol> Publics => publics.Value;

    /// <summary>S_GDATA32 / S_LDATA32 listed in the globals stream (procedures are reached through the modules).</summary>
    public IReadOnlyList<PdbSymbol> GlobalData => globals.Value;

    public int ModuleCount => moduleCount;

    /// <summary>
    /// The globals stream's type names, procedure references (resolved through the module streams) and data, in
    /// the stream's hash order; constants and other records are left out.
    /// </summary>
    public IReadOnlyList<GlobalRecord> GlobalsInHashOrder() => globalRecords.Value;

    /// <summary>The procedures and data (S_GPROC32, S_LPROC32, their _ID forms, S_GDATA32, S_LDATA32) of one module.</summary>
    public IReadOnlyList<PdbSymbol> ModuleSymbols(int module) =>
        module >= 0 && module < moduleCount ? modules[module].Value : throw new ArgumentOutOfRangeException(nameof(module));

    /// <summary>Publics, global data and every module's symbols.</summary>
    public IEnumerable<PdbSymbol> All()
    {
        foreach (var s in Publics) yield return s;
        foreach (var s in GlobalData) yield return s;
        for (int i = 0; i < moduleCount; i++)
            foreach (var s in ModuleSymbols(i)) yield return s;
    }

    /// <summary>Every symbol named exactly <paramref name="name"/> (decorated for publics, as the compiler wrote it otherwise).</summary>
    public IEnumerable<PdbSymbol> FindByName(string name) => byName.Value[name];

    /// <summary>
    /// The symbol starting at or below <paramref name="rva"/>; at equal addresses a procedure wins over data and
    /// data over a public, as private symbols name things better. Null below the first symbol.
    /// </summary>
    public NearestSymbol? FindNearest(uint rva)
    {
        var sorted = byAddress.Value;
        int lo = 0, hi = sorted.Length - 1, found = -1;
        while (lo <= hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (sorted[mid].Rva!.Value <= rva) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (found < 0) return null;
        // The sort puts the preferred symbol first among those at one address.
        uint start = sorted[found].Rva!.Value;
        while (found > 0 && sorted[found - 1].Rva!.Value == start) found--;
        return new NearestSymbol(sorted[found], rva - start);
    }

    /// <summary>The first symbol starting above <paramref name="rva"/> (what `ln` prints after "|"), or null.</summary>
    public PdbSymbol? FindNext(uint rva)
    {
        var sorted = byAddress.Value;
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (sorted[mid].Rva!.Value <= rva) lo = mid + 1;
            else hi = mid;
        }
        return lo < sorted.Length ? sorted[lo] : null;
    }

    private PdbSymbol[] SortByAddress()
    {
        var list = All().Where(s => s.Rva is not null).ToArray();
        Array.Sort(list, (a, b) =>
        {
            int c = a.Rva!.Value.CompareTo(b.Rva!.Value);
            return c != 0 ? c : Rank(a).CompareTo(Rank(b));
        });
        return list;
    }

    private static int Rank(PdbSymbol s) => s.IsProcedure ? 0 : s.IsPublic ? 2 : 1;

    private IReadOnlyList<PdbSymbol> ReadPublics()
    {
        var stream = publicsStream();
        if (stream is null) return [];
        var records = symbolRecords();
        var list = new List<PdbSymbol>(stream.AddressMap.Count);
        foreach (uint offset in stream.AddressMap)
        {
            var (kind, _, symbol) = Read(records, offset, -1, "symbol records (publics)");
            if (kind != SymbolKind.Public || symbol is null)
                throw new PdbFormatException($"publics address map: the record at {offset} is 0x{(ushort)kind:X4}, not S_PUB32");
            list.Add(symbol);
        }
        return list;
    }

    private IReadOnlyList<GlobalRecord> ReadGlobalRecords()
    {
        var stream = globalsStream();
        if (stream is null) return [];
        var records = symbolRecords();
        var list = new List<GlobalRecord>();
        const string what = "symbol records (globals)";
        foreach (uint offset in stream.RecordOffsets)
        {
            // In 64 bits: an offset near 2^32 must not wrap past the check.
            if ((long)offset + 4 > records.Length) throw new PdbFormatException($"{what}: a record at {offset} lies beyond the stream ({records.Length} bytes)");
            var kind = (SymbolKind)BitConverter.ToUInt16(records, (int)offset + 2);
            switch (kind)
            {
                case SymbolKind.Udt:
                    list.Add(new GlobalRecord(GlobalRecordKind.TypeName, SymbolRecordReader.ReadUdtName(records, (int)offset, what), null));
                    break;
                case SymbolKind.ProcedureReference or SymbolKind.LocalProcedureReference:
                    if (SymbolRecordReader.ReadReference(records, (int)offset, what) is not var (module, symbolOffset, name)) break;
                    list.Add(new GlobalRecord(GlobalRecordKind.Procedure, name, ProcedureAt(module, symbolOffset)));
                    break;
                case SymbolKind.GlobalData or SymbolKind.LocalData:
                    var (_, _, data) = Read(records, offset, -1, what);
                    if (data is not null) list.Add(new GlobalRecord(GlobalRecordKind.Data, data.Name, data.Rva));
                    break;
            }
        }
        return list;
    }

    /// <summary>The start of the procedure whose record is at <paramref name="symbolOffset"/> of a module's stream.</summary>
    private uint? ProcedureAt(int module, uint symbolOffset)
    {
        if (module < 0 || module >= moduleCount || moduleStream(module) is not { } bytes || (long)symbolOffset + 4 > bytes.Length) return null;
        var (_, _, symbol) = SymbolRecordReader.Read(bytes, (int)symbolOffset, module, toRva, $"module {module} symbols");
        return symbol?.IsProcedure == true ? symbol.Rva : null;
    }

    private IReadOnlyList<PdbSymbol> ReadGlobals()
    {
        var stream = globalsStream();
        if (stream is null) return [];
        var records = symbolRecords();
        var list = new List<PdbSymbol>();
        foreach (uint offset in stream.RecordOffsets)
        {
            var (_, _, symbol) = Read(records, offset, -1, "symbol records (globals)");
            if (symbol is not null) list.Add(symbol);
        }
        return list;
    }

    private IReadOnlyList<PdbSymbol> ReadModule(int index)
    {
        var bytes = moduleStream(index);
        if (bytes is null) return [];
        var list = new List<PdbSymbol>();
        string what = $"module {index} symbols";
        // Scopes nest (procedures, blocks, thunks, inline sites, each closed by its end record): a procedure's own
        // parameters sit at depth 1 of it, an inlined callee's deeper; data inside a procedure is a static local.
        int depth = 0, procedure = -1;
        List<ProcedureParameter>? parameters = null;
        int offset = 4; // after the CV_SIGNATURE_C13 (4)
        while (offset + 4 <= bytes.Length)
        {
            var (kind, size, symbol) = SymbolRecordReader.Read(bytes, offset, index, toRva, what);
            if (symbol is not null)
            {
                if (symbol.IsProcedure && depth == 0)
                {
                    procedure = list.Count;
                    parameters = [];
                }
                list.Add(depth > 0 && !symbol.IsProcedure ? symbol with { InProcedure = true } : symbol);
            }
            if (kind == SymbolKind.Local && depth == 1 && parameters is not null
                && SymbolRecordReader.ReadParameter(bytes, offset, what) is { } parameter)
                parameters.Add(parameter);
            if (OpensScope(kind)) depth++;
            else if (kind is SymbolKind.End or SymbolKind.ProcedureIdEnd or SymbolKind.InlineSiteEnd && depth > 0 && --depth == 0 && parameters is not null)
            {
                list[procedure] = list[procedure] with { Parameters = parameters };
                parameters = null;
            }
            offset += size;
        }
        if (parameters is not null) list[procedure] = list[procedure] with { Parameters = parameters };
        return list;
    }

    private static bool OpensScope(SymbolKind kind) => kind is SymbolKind.GlobalProcedure or SymbolKind.LocalProcedure
        or SymbolKind.GlobalProcedureId or SymbolKind.LocalProcedureId or SymbolKind.Thunk or SymbolKind.Block
        or SymbolKind.With or SymbolKind.SeparatedCode or SymbolKind.InlineSite or SymbolKind.InlineSite2;

    private (SymbolKind Kind, int Size, PdbSymbol? Symbol) Read(byte[] records, uint offset, int module, string what)
    {
        if (offset > records.Length - 4)
            throw new PdbFormatException($"{what}: offset {offset} is outside the {records.Length}-byte stream");
        return SymbolRecordReader.Read(records, (int)offset, module, toRva, what);
    }
}
