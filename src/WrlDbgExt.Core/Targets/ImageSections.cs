using System.Buffers.Binary;

namespace WrlDbgExt.Core.Targets;

/// <summary>
/// The section table of a module image, read from the target's memory when its headers were captured (a
/// full-memory dump, a live target; a minidump usually holds only data segments). Offsets: the PE/COFF
/// specification, restated in docs/debugger-engine.md §15.
/// </summary>
public sealed class ImageSections
{
    private const int DosLfanew = 0x3C, FileHeaderSize = 20, SectionHeaderSize = 40, MaxSections = 96;
    private const uint ExecuteFlag = 0x20000000; // IMAGE_SCN_MEM_EXECUTE

    private readonly (ulong Start, ulong End, bool Executable)[] _sections;

    private ImageSections((ulong, ulong, bool)[] sections) => _sections = sections;

    /// <summary>Null when the headers are not in the target's memory or do not look like a PE image.</summary>
    public static ImageSections? Read(ITargetMemory target, TargetModule module)
    {
        var dos = new byte[0x40];
        if (target.Read(module.ImageBase, dos) != dos.Length || dos[0] != 'M' || dos[1] != 'Z') return null;
        uint lfanew = BinaryPrimitives.ReadUInt32LittleEndian(dos.AsSpan(DosLfanew));
        if (lfanew > 0x1000) return null;
        var nt = new byte[4 + FileHeaderSize];
        if (target.Read(module.ImageBase + lfanew, nt) != nt.Length || BinaryPrimitives.ReadUInt32LittleEndian(nt) != 0x00004550) return null;
        int count = BinaryPrimitives.ReadUInt16LittleEndian(nt.AsSpan(4 + 2));
        int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(nt.AsSpan(4 + 16));
        if (count is 0 or > MaxSections) return null;
        var table = new byte[count * SectionHeaderSize];
        if (target.Read(module.ImageBase + lfanew + (ulong)nt.Length + (ulong)optionalSize, table) != table.Length) return null;
        var sections = new (ulong, ulong, bool)[count];
        for (int i = 0; i < count; i++)
        {
            var s = table.AsSpan(i * SectionHeaderSize);
            ulong start = module.ImageBase + BinaryPrimitives.ReadUInt32LittleEndian(s[12..]);
            ulong size = BinaryPrimitives.ReadUInt32LittleEndian(s[8..]);
            sections[i] = (start, start + size, (BinaryPrimitives.ReadUInt32LittleEndian(s[36..]) & ExecuteFlag) != 0);
        }
        return new ImageSections(sections);
    }

    /// <summary>True when <paramref name="address"/> lies in an executable section.</summary>
    public bool IsCode(ulong address) => _sections.Any(s => s.Executable && address >= s.Start && address < s.End);
}
