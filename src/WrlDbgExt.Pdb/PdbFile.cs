using WrlDbgExt.Pdb.Msf;
using WrlDbgExt.Pdb.Streams;
using WrlDbgExt.Pdb.Symbols;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb;

/// <summary>
/// An open PDB: the memory-mapped MSF container and one reader per stream, each created on first use and
/// cached (a failure is cached too, so asking again gives the same <see cref="PdbFormatException"/>). The
/// <c>Has…</c> probes never throw. Streams found through the DBI header ask for the DBI first.
/// </summary>
public sealed class PdbFile : IDisposable
{
    private readonly Lazy<PdbInfoStream> info;
    private readonly Lazy<DbiStream> dbi;
    private readonly Lazy<TypeTable> types;
    private readonly Lazy<SectionHeaderStream?> sections;
    private readonly Lazy<byte[]> symbolRecords;
    private readonly Lazy<PublicsStream?> publics;
    private readonly Lazy<GlobalsStream?> globals;
    private readonly Lazy<SymbolTable> symbols;

    private PdbFile(MsfFile msf, string path)
    {
        Msf = msf;
        Path = path;
        info = new(() => new PdbInfoStream(RequiredStream(PdbInfoStream.StreamIndex, "PDB info")));
        dbi = new(() => new DbiStream(RequiredStream(DbiStream.StreamIndex, "DBI")));
        types = new(() => new TypeTable(new TpiStream(msf, RequiredStream(TpiStream.TpiStreamIndex, "TPI"))));
        sections = new(() => OptionalStream(Dbi.SectionHeaderStreamIndex) is { } s ? new SectionHeaderStream(s) : null);
        symbolRecords = new(() => OptionalStream(Dbi.SymbolRecordStreamIndex)?.ReadAll() ?? []);
        publics = new(() => OptionalStream(Dbi.PublicStreamIndex) is { } s ? new PublicsStream(s) : null);
        globals = new(() => OptionalStream(Dbi.GlobalStreamIndex) is { } s ? new GlobalsStream(s) : null);
        symbols = new(() => new SymbolTable(() => symbolRecords.Value, () => publics.Value, () => globals.Value,
            Dbi.Modules.Count, ModuleSymbolBytes, ToRva));
    }

    /// <summary>Opens and maps <paramref name="path"/> and reads the MSF directory; streams are read later, when asked.</summary>
    public static PdbFile Open(string path) => new(MsfFile.Open(path), path);

    public string Path { get; }

    public MsfFile Msf { get; }

    public PdbInfoStream Info => info.Value;

    /// <summary>The GUID that a binary's or dump module's RSDS record must match (with <see cref="Age"/>).</summary>
    public Guid Guid => Info.Guid;

    public uint Age => Info.Age;

    public DbiStream Dbi => dbi.Value;

    public bool HasDbi => Msf.HasStream(DbiStream.StreamIndex) && Msf.GetStream(DbiStream.StreamIndex).Length > 0;

    /// <summary>The TPI types (classes, members, enums, pointers, …).</summary>
    public TypeTable Types => types.Value;

    /// <summary>A TPI with records; false for publics-only and /DEBUG:FASTLINK PDBs.</summary>
    public bool HasTypes
    {
        get
        {
            try { return Msf.HasStream(TpiStream.TpiStreamIndex) && Types.Count > 0; }
            catch (PdbFormatException) { return false; }
        }
    }

    /// <summary>The image's section headers, or null when the PDB has none.</summary>
    public SectionHeaderStream? SectionHeaders => sections.Value;

    /// <summary>Publics, globals and module symbols with name and nearest-address look-ups.</summary>
    public SymbolTable Symbols => symbols.Value;

    /// <summary>segment:offset → RVA through the section headers; null when the segment is unknown.</summary>
    public uint? ToRva(ushort segment, uint offset) => SectionHeaders?.ToRva(segment, offset);

    private MsfStream RequiredStream(int index, string name) =>
        Msf.HasStream(index) ? Msf.GetStream(index) : throw new PdbFormatException($"the PDB has no {name} stream (stream {index})");

    private MsfStream? OptionalStream(int index) =>
        index is > 0 and < 0xFFFF && Msf.HasStream(index) ? Msf.GetStream(index) : null;

    private byte[]? ModuleSymbolBytes(int module)
    {
        var m = Dbi.Modules[module];
        if (!m.HasSymbols || OptionalStream(m.SymbolStream) is not { } stream) return null;
        if (m.SymbolBytes > stream.Length)
            throw new PdbFormatException($"module {module} ({m.ModuleName}): {m.SymbolBytes} symbol bytes exceed its stream ({stream.Length})");
        return stream.ReadBytes(0, (int)m.SymbolBytes);
    }

    public void Dispose() => Msf.Dispose();
}
