using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>
/// Stream 3: the DBI header (stream numbers of globals, publics, symbol records), the modules, the section
/// contributions and the optional debug header that names the section-header stream (docs/pdb-format.md §4).
/// </summary>
public sealed class DbiStream
{
    /// <summary>The DBI's fixed stream number.</summary>
    public const int StreamIndex = 3;

    private readonly ushort[] debugStreams;

    public DbiStream(MsfStream stream)
    {
        var bytes = stream.ReadAll();
        var reader = new SpanReader(bytes, "DBI stream");
        int signature = reader.I32();
        if (signature != -1) throw new PdbFormatException($"DBI stream: version signature {signature} is not -1 (only the new DBI format is read)");
        VersionHeader = reader.U32();
        Age = reader.U32();
        GlobalStreamIndex = reader.U16();
        BuildNumber = reader.U16();
        PublicStreamIndex = reader.U16();
        reader.U16(); // PdbDllVersion
        SymbolRecordStreamIndex = reader.U16();
        reader.U16(); // PdbDllRbld
        int modInfoSize = reader.I32();
        int contributionSize = reader.I32();
        int sectionMapSize = reader.I32();
        int sourceInfoSize = reader.I32();
        int typeServerMapSize = reader.I32();
        reader.U32(); // MFCTypeServerIndex
        int optionalHeaderSize = reader.I32();
        int ecSize = reader.I32();
        Flags = reader.U16();
        Machine = reader.U16();
        reader.U32(); // padding: the header is 64 bytes

        var modInfo = new SpanReader(reader.Take(modInfoSize), "DBI module info");
        var contributions = new SpanReader(reader.Take(contributionSize), "DBI section contributions");
        reader.Skip(sectionMapSize);
        reader.Skip(sourceInfoSize);
        reader.Skip(typeServerMapSize);
        reader.Skip(ecSize); // EC comes before the optional header although its size is the header's last field
        var optional = new SpanReader(reader.Take(optionalHeaderSize), "DBI optional debug header");

        Modules = ReadModules(ref modInfo);
        SectionContributions = ReadContributions(ref contributions);
        debugStreams = new ushort[optional.Length / 2];
        for (int i = 0; i < debugStreams.Length; i++) debugStreams[i] = optional.U16();
    }

    public uint VersionHeader { get; }

    public uint Age { get; }

    public ushort BuildNumber { get; }

    public ushort GlobalStreamIndex { get; }

    public ushort PublicStreamIndex { get; }

    public ushort SymbolRecordStreamIndex { get; }

    /// <summary>Bit 0 incrementally linked, bit 1 private symbols stripped, bit 2 conflicting types.</summary>
    public ushort Flags { get; }

    public bool IsStripped => (Flags & 2) != 0;

    /// <summary>IMAGE_FILE_MACHINE_*: 0x8664 x64, 0x14C x86.</summary>
    public ushort Machine { get; }

    public IReadOnlyList<DbiModule> Modules { get; }

    public IReadOnlyList<SectionContribution> SectionContributions { get; }

    /// <summary>The section-header stream from the optional debug header, or -1.</summary>
    public int SectionHeaderStreamIndex => DebugStream(SectionHeaderSlot);

    public int OriginalSectionHeaderStreamIndex => DebugStream(OriginalSectionHeaderSlot);

    /// <summary>OMAP from the original image to this one: present only in some older system PDBs (not applied).</summary>
    public int OmapFromSourceStreamIndex => DebugStream(OmapFromSourceSlot);

    private const int ModuleFixedSize = 64;
    private const uint ContributionsV60 = 0xEFFE0000 + 19970605;
    private const uint ContributionsV2 = 0xEFFE0000 + 20140516;

    // Slots of the optional debug header.
    private const int OmapFromSourceSlot = 4, SectionHeaderSlot = 5, OriginalSectionHeaderSlot = 10;

    private int DebugStream(int slot) =>
        slot < debugStreams.Length && debugStreams[slot] != 0xFFFF ? debugStreams[slot] : -1;

    private static List<DbiModule> ReadModules(ref SpanReader reader)
    {
        var modules = new List<DbiModule>();
        while (reader.Remaining >= ModuleFixedSize)
        {
            reader.U32(); // unused
            var contribution = ReadContribution(ref reader);
            reader.U16(); // flags
            ushort symbolStream = reader.U16();
            uint symbolBytes = reader.U32();
            reader.Skip(4 + 4 + 2 + 2 + 4 + 4 + 4); // C11/C13 line bytes, file count, pad, unused, two name indices
            string moduleName = reader.CString();
            string objectName = reader.CString();
            reader.Align(4);
            modules.Add(new DbiModule(modules.Count, moduleName, objectName, symbolStream, symbolBytes,
                contribution with { ModuleIndex = modules.Count }));
        }
        return modules;
    }

    private static List<SectionContribution> ReadContributions(ref SpanReader reader)
    {
        var list = new List<SectionContribution>();
        if (reader.Length == 0) return list;
        uint version = reader.U32();
        int extra = version switch
        {
            ContributionsV60 => 0,
            ContributionsV2 => 4, // a trailing u32 ISectCoff
            _ => throw new PdbFormatException($"DBI section contributions: unknown version 0x{version:X8}"),
        };
        while (reader.Remaining >= 28 + extra)
        {
            list.Add(ReadContribution(ref reader));
            reader.Skip(extra);
        }
        return list;
    }

    // u16 section, u16 pad, i32 offset, i32 size, u32 characteristics, u16 module, u16 pad, u32 data CRC, u32 reloc CRC.
    private static SectionContribution ReadContribution(ref SpanReader reader)
    {
        ushort section = reader.U16();
        reader.U16();
        uint offset = reader.U32();
        uint size = reader.U32();
        uint characteristics = reader.U32();
        ushort module = reader.U16();
        reader.U16();
        reader.Skip(8);
        return new SectionContribution(section, offset, size, characteristics, module);
    }
}
