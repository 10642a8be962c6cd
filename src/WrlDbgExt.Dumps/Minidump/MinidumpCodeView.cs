using System.Buffers.Binary;
using System.Text;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// A module's CodeView record, the PDB identity: RSDS (<c>'RSDS', GUID, u32 age, UTF-8 path</c>) or
/// NB10 (<c>'NB10', u32 offset, u32 signature, u32 age, name</c>). Other signatures yield no identity.
/// A record that is out of the file or too short raises <see cref="MinidumpFormatException"/>; the module
/// list turns that into a warning.
/// </summary>
internal static class MinidumpCodeView
{
    private const uint Rsds = 0x53445352; // 'RSDS'
    private const uint Nb10 = 0x3031424E; // 'NB10'
    private const int RsdsFixed = 24;
    private const int Nb10Fixed = 16;

    /// <summary>Paths longer than this are cut: no PDB path is near it, and we never read megabytes for a name.</summary>
    private const uint MaxRead = 64 * 1024;

    public static PdbIdentity? Read(MinidumpInput input, uint dataSize, uint rva, string what)
    {
        if (dataSize == 0)
            return null;
        if (dataSize < 4)
            throw new MinidumpFormatException($"{what} at RVA 0x{rva:X} is {dataSize} bytes, too small for a signature");
        // The whole claimed record must lie in the file even though only its head is read.
        if (input.OutsideFile(rva, dataSize) is { } where)
            throw new MinidumpFormatException($"{what} {where}");

        var raw = input.Read(rva, Math.Min(dataSize, MaxRead), what).AsSpan();
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(raw);
        switch (signature)
        {
            case Rsds:
                if (raw.Length < RsdsFixed)
                    throw new MinidumpFormatException($"{what} at RVA 0x{rva:X} (RSDS) is {raw.Length} bytes, fewer than the {RsdsFixed} it needs");
                return PdbIdentity.Rsds(
                    new Guid(raw.Slice(4, 16)), // GUID bytes are stored in memory order, as Guid(ReadOnlySpan) expects
                    BinaryPrimitives.ReadUInt32LittleEndian(raw[20..]),
                    ReadName(raw[RsdsFixed..]));
            case Nb10:
                if (raw.Length < Nb10Fixed)
                    throw new MinidumpFormatException($"{what} at RVA 0x{rva:X} (NB10) is {raw.Length} bytes, fewer than the {Nb10Fixed} it needs");
                return PdbIdentity.Nb10(
                    BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
                    ReadName(raw[Nb10Fixed..]));
            default:
                return null; // e.g. NB09/NB11 or an embedded record of another kind: no PDB identity to report
        }
    }

    /// <summary>NUL-terminated; invalid UTF-8 decodes to U+FFFD instead of failing.</summary>
    private static string ReadName(ReadOnlySpan<byte> bytes)
    {
        int nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? bytes : bytes[..nul]);
    }
}
