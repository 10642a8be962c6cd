using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>One MINIDUMP_MODULE (108 bytes) of the module list (stream 4), with its name and CodeView record resolved.</summary>
/// <param name="Name">Full path as recorded (a Windows path for Windows dumps).</param>
/// <param name="FileVersion">VS_FIXEDFILEINFO's file version; null when its signature is absent.</param>
/// <param name="ProductVersion">VS_FIXEDFILEINFO's product version; null when the signature is absent. (Some
/// Windows 10 dumps record file version 6.2.x for system DLLs, product version 10.0.x.)</param>
/// <param name="Pdb">From the CodeView record; null when there is none or it is neither RSDS nor NB10.</param>
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

    internal static IReadOnlyList<MinidumpModule> ReadList(MinidumpInput input, MinidumpDirectoryEntry stream)
    {
        var (entries, count) = input.ReadList(stream, Size, "module list");
        var modules = new MinidumpModule[count];
        for (int i = 0; i < modules.Length; i++)
            modules[i] = Parse(input, entries.AsSpan(i * (int)Size, (int)Size), i);
        return modules;
    }

    private static MinidumpModule Parse(MinidumpInput input, ReadOnlySpan<byte> raw, int index)
    {
        string what = $"module list entry {index}";
        uint nameRva = BinaryPrimitives.ReadUInt32LittleEndian(raw[20..]);
        return new MinidumpModule(
            BinaryPrimitives.ReadUInt64LittleEndian(raw),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]),
            input.ReadString(nameRva, what + " name"),
            ReadVersion(raw.Slice(24, 52), 8),
            ReadVersion(raw.Slice(24, 52), 16),
            MinidumpCodeView.Read(
                input,
                BinaryPrimitives.ReadUInt32LittleEndian(raw[76..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[80..]),
                what + " CodeView record"));
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
