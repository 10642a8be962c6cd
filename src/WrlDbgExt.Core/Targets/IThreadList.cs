namespace WrlDbgExt.Core.Targets;

/// <summary>Opt-in capability: the target's threads and their stack ranges (summaries; attributing stack holders).</summary>
public interface IThreadList
{
    IReadOnlyList<TargetThread> Threads { get; }
}

/// <param name="Id">OS thread id.</param>
/// <param name="Teb">Thread environment block address (0 when unknown).</param>
/// <param name="StackStart">Lowest stack address the target holds: a dump's captured stack starts at the stack pointer, the engine gives NT_TIB.StackLimit (0 when unknown).</param>
/// <param name="StackSize">Bytes from StackStart to the stack's top (its base, the highest address): captured bytes in a dump.</param>
/// <param name="Name">Thread description when the snapshot carries one.</param>
/// <param name="StackPointer">The thread's stack pointer as captured (a dump's thread CONTEXT, the engine's innermost frame); null when unknown.</param>
public sealed record TargetThread(uint Id, ulong Teb, ulong StackStart, uint StackSize, string? Name, ulong? StackPointer = null);
