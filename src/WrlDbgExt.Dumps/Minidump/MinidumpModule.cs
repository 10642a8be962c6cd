using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>One MINIDUMP_MODULE (108 bytes) of the module list (stream 4), with its name and CodeView record resolved.</summary>
/// <param name="Name">Full path as recorded (a Windows path for Windows dumps); empty when the name record is damaged.</param>
/// <param name="FileVersion">VS_FIXEDFILEINFO's file version; null when its signature is absent.</param>
/// <param name="ProductVersion">VS_FIXEDFILEINFO's product version; null when the signature is absent. (Some
/// Windows 10 dumps record file version 6.2.x for system DLLs, product version 10.0.x.)</param>
/// <param name="Pdb">From the CodeView record; null when there is none, it is neither RSDS nor NB10, or it is damaged.</param>
public sealed record MinidumpModule(
    ulong BaseOfImage,
    uint SizeOfImage,
    uint CheckSum,
    uint TimeDateStamp,
    string Name,
    Version? FileVersion,
    Version? ProductVersion,
    PdbIdentity? Pdb)
{
    internal const uint Size = 108;
    private const uint FixedFileInfoSignature = 0xFEEF04BD;

    public TargetModule ToTargetModule() => new(Name, BaseOfImage, SizeOfImage, TimeDateStamp, FileVersion, Pdb);

    /// <summary>
    /// The entry array is essential (a bad count or range throws); a damaged name, CodeView record or
    /// version block only costs that field, with a line in <paramref name="warnings"/>.
    /// </summary>
    internal static IReadOnlyList<MinidumpModule> ReadList(MinidumpInput input, MinidumpDirectoryEntry stream, List<string> warnings)
    {
        var (entries, count) = input.ReadList(stream, Size, "module list");
        var modules = new MinidumpModule[count];
        for (int i = 0; i < modules.Length; i++)
            modules[i] = Parse(input, entries.AsSpan(i * (int)Size, (int)Size), i, warnings);
        return modules;
    }

    private static MinidumpModule Parse(MinidumpInput input, ReadOnlySpan<byte> raw, int index, List<string> warnings)
    {
        uint nameRva = BinaryPrimitives.ReadUInt32LittleEndian(raw[20..]);
        string name = "";
        try
        {
            name = input.ReadString(nameRva, $"module {index}: name");
        }
        catch (MinidumpFormatException ex)
        {
            warnings.Add($"{ex.Message}; the module is listed without a name");
        }
        string label = name.Length > 0 ? $"module {index} ({PrintableText.Sanitize(WindowsPath.FileName(name), 80)})" : $"module {index}";

        PdbIdentity? pdb = null;
        try
        {
            pdb = MinidumpCodeView.Read(
                input,
                BinaryPrimitives.ReadUInt32LittleEndian(raw[76..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[80..]),
                label + ": CodeView record");
        }
        catch (MinidumpFormatException ex)
        {
            warnings.Add($"{ex.Message}; its PDB identity is unknown");
        }

        var info = raw.Slice(24, 52);
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(info);
        // All zero is how writers say "no version resource"; any other non-signature is damage.
        if (signature != FixedFileInfoSignature && signature != 0)
            warnings.Add($"{label}: version information has signature 0x{signature:X8}, not 0x{FixedFileInfoSignature:X8}; its version is unknown");

        return new MinidumpModule(
            BinaryPrimitives.ReadUInt64LittleEndian(raw),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]),
            name,
            ReadVersion(info, 8),
            ReadVersion(info, 16),
            pdb);
    }

    /// <summary>VS_FIXEDFILEINFO: dwSignature @0, file version MS/LS @8/@12, product version MS/LS @16/@20.</summary>
    private static Version? ReadVersion(ReadOnlySpan<byte> info, int at)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(info) != FixedFileInfoSignature)
            return null;
        uint ms = BinaryPrimitives.ReadUInt32LittleEndian(info[at..]);
        uint ls = BinaryPrimitives.ReadUInt32LittleEndian(info[(at + 4)..]);
        return new Version((int)(ms >> 16), (int)(ms & 0xFFFF), (int)(ls >> 16), (int)(ls & 0xFFFF));
    }
}
