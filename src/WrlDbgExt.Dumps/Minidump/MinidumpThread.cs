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
/// <param name="Registers">The general-purpose registers of the CONTEXT when its flags claim the integer group;
/// null otherwise.</param>
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
    ulong? StackPointer = null,
    IReadOnlyList<(string Name, ulong Value)>? Registers = null)
{
    internal const uint Size = 48;

    /// <summary>
    /// winnt.h CONTEXT (docs/debugger-engine.md §15): AMD64 (0x4D0 bytes) ContextFlags at +0x30, CONTEXT_INTEGER =
    /// 0x100002, Rsp +0x98, Rax +0x78 … R15 +0xF0 in the order below; x86 (0x2CC bytes) ContextFlags at +0,
    /// CONTEXT_INTEGER = 0x10002, Esp +0xC4, Edi +0x9C … Ebp +0xB4.
    /// </summary>
    private sealed record ContextTable(uint FlagsAt, uint Integer, uint Size, uint StackPointerAt, (string Name, uint At)[] Registers)
    {
        public uint End => Math.Max(StackPointerAt, Registers.Max(r => r.At)) + Size;

        public ulong Word(byte[] context, uint at) =>
            Size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(context.AsSpan((int)at)) : BinaryPrimitives.ReadUInt32LittleEndian(context.AsSpan((int)at));
    }

    private static readonly ContextTable Amd64 = new(0x30, 0x100002, 8, 0x98,
    [
        ("rax", 0x78), ("rcx", 0x80), ("rdx", 0x88), ("rbx", 0x90), ("rbp", 0xA0), ("rsi", 0xA8), ("rdi", 0xB0),
        ("r8", 0xB8), ("r9", 0xC0), ("r10", 0xC8), ("r11", 0xD0), ("r12", 0xD8), ("r13", 0xE0), ("r14", 0xE8), ("r15", 0xF0),
    ]);

    private static readonly ContextTable X86 = new(0x00, 0x10002, 4, 0xC4,
    [
        ("edi", 0x9C), ("esi", 0xA0), ("ebx", 0xA4), ("edx", 0xA8), ("ecx", 0xAC), ("eax", 0xB0), ("ebp", 0xB4),
    ]);

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
            var (sp, registers) = ReadContext(input, threads[i], architecture);
            threads[i] = threads[i] with { StackPointer = sp, Registers = registers };
        }
        return threads;
    }

    /// <summary>
    /// The stack pointer and the general-purpose registers from one read of the CONTEXT record: each only where the
    /// record (and the file) holds it, the registers only where the flags claim the integer group.
    /// </summary>
    private static (ulong? StackPointer, IReadOnlyList<(string, ulong)>? Registers) ReadContext(MinidumpInput input, MinidumpThread thread,
        ushort? architecture)
    {
        var table = architecture switch
        {
            MinidumpPlatform.ArchitectureAmd64 => Amd64,
            MinidumpPlatform.ArchitectureX86 => X86,
            _ => null,
        };
        long inFile = input.Length - thread.ContextRva;
        if (table is null || inFile <= 0) return (null, null);
        uint length = (uint)Math.Min(Math.Min(thread.ContextSize, table.End), inFile);
        var context = input.Read(thread.ContextRva, length, "thread context");
        bool Holds(uint at, uint size) => at + size <= length;
        ulong? sp = Holds(table.StackPointerAt, table.Size) ? table.Word(context, table.StackPointerAt) : null;
        bool integer = Holds(table.FlagsAt, 4) && table.Registers.All(r => Holds(r.At, table.Size))
            && (BinaryPrimitives.ReadUInt32LittleEndian(context.AsSpan((int)table.FlagsAt)) & table.Integer) == table.Integer;
        return (sp, integer ? [.. table.Registers.Select(r => (r.Name, table.Word(context, r.At)))] : null);
    }
}
