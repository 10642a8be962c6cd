using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>One MINIDUMP_THREAD (48 bytes) of the thread list (stream 3).</summary>
/// <param name="StackStart">Lowest captured stack address.</param>
/// <param name="StackSize">Bytes of stack captured (the memory descriptor's DataSize).</param>
/// <param name="StackRva">Where the captured stack lies in the file.</param>
/// <param name="ContextSize">Size of the CONTEXT record.</param>
/// <param name="ContextRva">Where the CONTEXT record lies in the file.</param>
public sealed record MinidumpThread(
    uint ThreadId,
    uint SuspendCount,
    uint PriorityClass,
    uint Priority,
    ulong Teb,
    ulong StackStart,
    uint StackSize,
    uint StackRva,
    uint ContextSize,
    uint ContextRva)
{
    internal const uint Size = 48;

    internal static IReadOnlyList<MinidumpThread> ReadList(MinidumpInput input, MinidumpDirectoryEntry stream)
    {
        var (entries, count) = input.ReadList(stream, Size, "thread list");
        var threads = new MinidumpThread[count];
        for (int i = 0; i < threads.Length; i++)
        {
            var raw = entries.AsSpan(i * (int)Size, (int)Size);
            threads[i] = new MinidumpThread(
                BinaryPrimitives.ReadUInt32LittleEndian(raw),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
                BinaryPrimitives.ReadUInt64LittleEndian(raw[16..]),
                BinaryPrimitives.ReadUInt64LittleEndian(raw[24..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[36..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(raw[44..]));
        }
        return threads;
    }
}
