using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>One MINIDUMP_THREAD (48 bytes) of the thread list (stream 3).</summary>
/// <param name="StackStart">Lowest captured stack address.</param>
/// <param name="StackSize">Bytes of stack captured (the memory descriptor's DataSize).</param>
/// <param name="StackRva">Where the captured stack lies in the file.</param>
/// <param name="ContextSize">Size of the CONTEXT record.</param>
/// <param name="ContextRva">Where the CONTEXT record lies in the file.</param>
/// <param name="StackPointer">Rsp or Esp of the thread's CONTEXT (winnt.h; docs/debugger-engine.md §15); null when the
/// record is too short or lies outside the file, or the architecture is neither.</param>
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
    uint ContextRva,
    ulong? StackPointer = null)
{
    internal const uint Size = 48;

    /// <summary>CONTEXT.Rsp (AMD64, a 0x4D0-byte record) and CONTEXT.Esp (x86, 0x2CC bytes): winnt.h.</summary>
    private const uint Amd64Rsp = 0x98, X86Esp = 0xC4;

    internal static IReadOnlyList<MinidumpThread> ReadList(MinidumpInput input, MinidumpDirectoryEntry stream, ushort? architecture = null)
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
            threads[i] = threads[i] with { StackPointer = ReadStackPointer(input, threads[i], architecture) };
        }
        return threads;
    }

    private static ulong? ReadStackPointer(MinidumpInput input, MinidumpThread thread, ushort? architecture)
    {
        var (offset, size) = architecture switch
        {
            MinidumpPlatform.ArchitectureAmd64 => (Amd64Rsp, 8u),
            MinidumpPlatform.ArchitectureX86 => (X86Esp, 4u),
            _ => (0u, 0u),
        };
        if (size == 0 || thread.ContextSize < offset + size || input.OutsideFile((ulong)thread.ContextRva + offset, size) is not null) return null;
        var bytes = input.Read((ulong)thread.ContextRva + offset, size, "thread context");
        return size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
