using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>A MINIDUMP_DIRECTORY entry: stream type and where its data lies in the file.</summary>
public sealed record MinidumpDirectoryEntry(uint StreamType, uint DataSize, uint Rva)
{
    internal const int Size = 12;

    internal static MinidumpDirectoryEntry Parse(ReadOnlySpan<byte> raw) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(raw),
        BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]),
        BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]));
}
