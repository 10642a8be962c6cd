using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>
/// Size and register offsets of the Windows CONTEXT record per architecture (winnt.h). Only the control and
/// integer groups are claimed in ContextFlags: the writer fills the instruction and stack pointers, the rest stays 0.
/// </summary>
internal sealed record ContextLayout(int Size, int FlagsOffset, uint Flags, int IpOffset, int SpOffset, int RegisterSize)
{
    // x86: ContextFlags @0, Eip @0xB8, Esp @0xC4, 0x2CC bytes; CONTEXT_i386 | CONTROL | INTEGER.
    public static ContextLayout X86 { get; } = new(0x2CC, 0x00, 0x0001_0003, 0xB8, 0xC4, 4);

    // x64: ContextFlags @0x30 (after P1Home..P6Home), Rsp @0x98, Rip @0xF8, 0x4D0 bytes; CONTEXT_AMD64 | CONTROL | INTEGER.
    public static ContextLayout X64 { get; } = new(0x4D0, 0x30, 0x0010_0003, 0xF8, 0x98, 8);

    // ARM64: ContextFlags @0, Sp @0x100, Pc @0x108, 0x390 bytes; CONTEXT_ARM64 | CONTROL | INTEGER.
    public static ContextLayout Arm64 { get; } = new(0x390, 0x00, 0x0040_0003, 0x108, 0x100, 8);

    public static ContextLayout For(TargetArchitecture architecture) => architecture switch
    {
        TargetArchitecture.X86 => X86,
        TargetArchitecture.X64 => X64,
        TargetArchitecture.Arm64 => Arm64,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "no CONTEXT layout"),
    };

    public byte[] Create(ulong instructionPointer, ulong stackPointer)
    {
        var context = new byte[Size];
        BinaryPrimitives.WriteUInt32LittleEndian(context.AsSpan(FlagsOffset), Flags);
        WriteRegister(context, IpOffset, instructionPointer);
        WriteRegister(context, SpOffset, stackPointer);
        return context;
    }

    private void WriteRegister(byte[] context, int offset, ulong value)
    {
        if (RegisterSize == 4)
            BinaryPrimitives.WriteUInt32LittleEndian(context.AsSpan(offset), checked((uint)value));
        else
            BinaryPrimitives.WriteUInt64LittleEndian(context.AsSpan(offset), value);
    }
}
