using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>
/// The memory ranges of a dump as the tests read them straight from its bytes (minidumpapiset.h layouts),
/// apart from the parser under test: an independent count and layout to compare against.
/// </summary>
internal static class RawMemoryRanges
{
    public sealed record Range(ulong Start, ulong Size, ulong FileOffset);

    public static List<Range> Read(byte[] dump)
    {
        var ranges = new List<Range>();
        uint count = U32(dump, 8), directory = U32(dump, 12);
        for (uint i = 0; i < count; i++)
        {
            uint type = U32(dump, directory + i * 12), rva = U32(dump, directory + i * 12 + 8);
            if (type == 5) // MINIDUMP_MEMORY_LIST: u32 count, {u64 start, u32 size, u32 rva}
            {
                for (uint k = 0, n = U32(dump, rva); k < n; k++)
                {
                    uint d = rva + 4 + k * 16;
                    ranges.Add(new Range(U64(dump, d), U32(dump, d + 8), U32(dump, d + 12)));
                }
            }
            else if (type == 9) // MINIDUMP_MEMORY64_LIST: u64 count, u64 base RVA, {u64 start, u64 size}
            {
                ulong n = U64(dump, rva), offset = U64(dump, rva + 8);
                for (uint k = 0; k < n; k++)
                {
                    uint d = rva + 16 + k * 16;
                    ranges.Add(new Range(U64(dump, d), U64(dump, d + 8), offset));
                    offset += U64(dump, d + 8);
                }
            }
        }
        return ranges;
    }

    private static uint U32(byte[] b, uint offset) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)offset));

    private static ulong U64(byte[] b, uint offset) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)offset));
}
