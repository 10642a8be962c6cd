namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability: a thread's call stack as the host's unwinder sees it (the engine). A dump reader
/// without an unwinder does not implement it; callers then say the frame is unknown.
/// </summary>
public interface IStackFrames
{
    /// <summary>The frames of thread <paramref name="threadId"/> (OS id), innermost first; null when the host cannot unwind it.</summary>
    IReadOnlyList<StackFrame>? Frames(uint threadId);
}

/// <param name="Number">Frame number as <c>k</c> prints it (0 = innermost).</param>
/// <param name="InstructionOffset">Where the frame executes.</param>
/// <param name="StackOffset">The frame's stack pointer: its locals lie from here up to the caller's stack pointer.</param>
/// <param name="Symbol"><c>module!function+0xN</c> when the host can name the instruction.</param>
public sealed record StackFrame(int Number, ulong InstructionOffset, ulong StackOffset, string? Symbol);
