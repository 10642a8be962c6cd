namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability: the integer registers of a thread as captured (a dump's thread CONTEXT, the engine's
/// register context). A register can hold an object's last strong reference as well as memory can.
/// </summary>
public interface IThreadRegisters
{
    /// <summary>The general-purpose registers of thread <paramref name="threadId"/> (OS id); null when not known.</summary>
    IReadOnlyList<ThreadRegister>? Registers(uint threadId);
}

/// <param name="Name">As the engine names it: <c>rax</c>…<c>r15</c>, <c>eax</c>…<c>ebp</c>.</param>
/// <param name="Value">Its value as captured.</param>
public sealed record ThreadRegister(string Name, ulong Value);

/// <summary>The general-purpose registers searched for holders, per architecture: not the stack and instruction pointers.</summary>
public static class GeneralRegisters
{
    public static IReadOnlyList<string> X64 { get; } =
        ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];

    public static IReadOnlyList<string> X86 { get; } = ["eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"];

    public static IReadOnlyList<string> For(TargetArchitecture architecture) =>
        architecture switch { TargetArchitecture.X64 => X64, TargetArchitecture.X86 => X86, _ => [] };
}
