using System.Text;
using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>The DBI's section-header stream: the image's IMAGE_SECTION_HEADERs, for segment:offset → RVA.</summary>
public sealed class SectionHeaderStream
{
    public SectionHeaderStream(MsfStream stream)
    {
        var bytes = stream.ReadAll();
        var reader = new SpanReader(bytes, "section header stream");
        var sections = new List<SectionHeader>(bytes.Length / SectionHeader.Size);
        while (reader.Remaining >= SectionHeader.Size)
        {
            var name = reader.Take(8);
            int nul = name.IndexOf((byte)0);
            string text = Encoding.UTF8.GetString(nul < 0 ? name : name[..nul]);
            uint virtualSize = reader.U32();
            uint virtualAddress = reader.U32();
            uint rawSize = reader.U32();
            reader.Skip(4 + 4 + 4 + 2 + 2); // raw data, relocations, line numbers and their counts
            uint characteristics = reader.U32();
            sections.Add(new SectionHeader(text, virtualSize, virtualAddress, rawSize, characteristics));
        }
        Sections = sections;
    }

    public IReadOnlyList<SectionHeader> Sections { get; }

    /// <summary>section[segment − 1].VirtualAddress + offset, or null for segment 0 or one past the table.</summary>
    public uint? ToRva(ushort segment, uint offset) =>
        segment >= 1 && segment <= Sections.Count ? unchecked(Sections[segment - 1].VirtualAddress + offset) : null;
}
