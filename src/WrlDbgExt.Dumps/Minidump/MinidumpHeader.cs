using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>MINIDUMP_HEADER (32 bytes at offset 0).</summary>
/// <param name="Version">Full version word; the low 16 bits are always 0xA793, the high bits are writer-specific.</param>
/// <param name="TimeDateStamp">Seconds since 1970 (UTC) when the dump was written.</param>
/// <param name="Flags">MINIDUMP_TYPE flags the writer was asked for.</param>
public sealed record MinidumpHeader(uint Version, uint NumberOfStreams, uint StreamDirectoryRva, uint CheckSum, uint TimeDateStamp, ulong Flags)
{
    internal const int Size = 32;
    private const uint Signature = 0x504D444D; // 'MDMP'
    private const ushort VersionLow = 0xA793;
    private static readonly byte[] ElfMagic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    public DateTimeOffset Timestamp => DateTimeOffset.FromUnixTimeSeconds(TimeDateStamp);

    internal static MinidumpHeader Read(MinidumpInput input)
    {
        if (ElfKind(input) is { } elf)
            throw new MinidumpFormatException(elf);
        if (input.Length < Size)
            throw new MinidumpFormatException($"not a minidump: the file has {input.Length} bytes, fewer than a 32-byte minidump header");
        var raw = input.Read(0, Size, "header").AsSpan();
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        if (signature != Signature)
            throw new MinidumpFormatException($"not a minidump: the file does not start with 'MDMP' (found 0x{signature:X8})");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]);
        if ((version & 0xFFFF) != VersionLow)
            throw new MinidumpFormatException($"not a minidump: header version 0x{version:X8} lacks the 0xA793 marker");
        return new MinidumpHeader(
            version,
            BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[20..]),
            BinaryPrimitives.ReadUInt64LittleEndian(raw[24..]));
    }

    /// <summary>Linux crash dumps are ELF core files; naming them saves the user a puzzle.</summary>
    private static string? ElfKind(MinidumpInput input)
    {
        const int TypeOffset = 16; // e_type follows the 16-byte e_ident
        if (input.Length < 4 || !input.Read(0, 4, "header").AsSpan().SequenceEqual(ElfMagic))
            return null;
        if (input.Length < TypeOffset + 2)
            return "an ELF file, not a minidump";
        var head = input.Read(0, TypeOffset + 2, "ELF header");
        // EI_DATA (byte 5): 2 is big-endian; anything else is read as little-endian.
        ushort type = head[5] == 2
            ? BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(TypeOffset))
            : BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(TypeOffset));
        const ushort CoreType = 4; // ET_CORE
        return type == CoreType ? "an ELF core file, not a Windows minidump" : "an ELF file, not a minidump";
    }
}
