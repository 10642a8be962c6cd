using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>One captured range of the target's memory, from a memory list (stream 5) or memory64 list (stream 9).</summary>
/// <param name="Start">First target address.</param>
/// <param name="Size">Bytes the descriptor lists.</param>
/// <param name="FileOffset">Where the range's bytes start in the file (may lie beyond its end).</param>
/// <param name="BytesInFile">Leading bytes of the range that the file really holds: less than <paramref name="Size"/> when it was cut short.</param>
public sealed record MinidumpMemoryRange(ulong Start, ulong Size, ulong FileOffset, ulong BytesInFile)
{
    public bool IsTruncated => BytesInFile < Size;

    internal const uint DescriptorSize = 16;

    /// <summary>
    /// Every memory-list and memory64-list stream, sorted by address (ClrMD serves reads from all of them, so
    /// all are listed). Descriptors are essential: a count or array outside its stream or the file throws.
    /// Data past the end of the file only shortens <see cref="BytesInFile"/>.
    /// </summary>
    internal static IReadOnlyList<MinidumpMemoryRange> ReadAll(MinidumpInput input, IReadOnlyList<MinidumpDirectoryEntry> directory)
    {
        var ranges = new List<MinidumpMemoryRange>();
        foreach (var stream in directory)
        {
            if (stream.StreamType == MinidumpStreamType.MemoryList)
                ReadMemoryList(input, stream, ranges);
            else if (stream.StreamType == MinidumpStreamType.Memory64List)
                ReadMemory64List(input, stream, ranges);
        }
        ranges.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Size.CompareTo(b.Size));
        return ranges;
    }

    /// <summary>MINIDUMP_MEMORY_LIST: u32 count, then {u64 start, u32 size, u32 rva} per range.</summary>
    private static void ReadMemoryList(MinidumpInput input, MinidumpDirectoryEntry stream, List<MinidumpMemoryRange> ranges)
    {
        var (entries, count) = input.ReadList(stream, DescriptorSize, "memory list");
        for (int i = 0; i < count; i++)
        {
            var raw = entries.AsSpan(i * (int)DescriptorSize, (int)DescriptorSize);
            ulong start = BinaryPrimitives.ReadUInt64LittleEndian(raw);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]);
            uint rva = BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]);
            ranges.Add(new MinidumpMemoryRange(start, size, rva, InFile(input, rva, size)));
        }
    }

    /// <summary>MINIDUMP_MEMORY64_LIST: u64 count, u64 BaseRva, then {u64 start, u64 size}; the data lie back to back from BaseRva.</summary>
    private static void ReadMemory64List(MinidumpInput input, MinidumpDirectoryEntry stream, List<MinidumpMemoryRange> ranges)
    {
        const string what = "memory64 list";
        const uint HeadSize = 16;
        if (stream.DataSize < HeadSize)
            throw new MinidumpFormatException($"{what} is {stream.DataSize} bytes, too small to hold its count and base RVA");
        var head = input.Read(stream.Rva, HeadSize, what);
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(head);
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(8));
        // Checked against the stream (itself inside the file) before anything is allocated.
        if (count > (stream.DataSize - HeadSize) / DescriptorSize)
            throw new MinidumpFormatException(
                $"{what} claims {count} ranges of {DescriptorSize} bytes but its stream holds only {stream.DataSize} bytes");
        var entries = input.Read(stream.Rva + (ulong)HeadSize, count * DescriptorSize, what + " descriptor array");
        for (int i = 0; i < (int)count; i++)
        {
            var raw = entries.AsSpan(i * (int)DescriptorSize, (int)DescriptorSize);
            ulong start = BinaryPrimitives.ReadUInt64LittleEndian(raw);
            ulong size = BinaryPrimitives.ReadUInt64LittleEndian(raw[8..]);
            ranges.Add(new MinidumpMemoryRange(start, size, offset, InFile(input, offset, size)));
            offset = size > ulong.MaxValue - offset ? ulong.MaxValue : offset + size;
        }
    }

    private static ulong InFile(MinidumpInput input, ulong offset, ulong size)
    {
        ulong length = (ulong)input.Length;
        return offset >= length ? 0 : Math.Min(size, length - offset);
    }
}
