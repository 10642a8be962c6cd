namespace WrlDbgExt.Core.Targets;

/// <summary>Opt-in capability: a snapshot's threads (for <c>info</c>-style summaries).</summary>
public interface IThreadList
{
    IReadOnlyList<TargetThread> Threads { get; }
}

/// <param name="Id">OS thread id.</param>
/// <param name="Teb">Thread environment block address (0 when unknown).</param>
/// <param name="StackStart">Lowest recorded stack address (0 when unknown).</param>
/// <param name="StackSize">Bytes of stack captured.</param>
/// <param name="Name">Thread description when the snapshot carries one.</param>
public sealed record TargetThread(uint Id, ulong Teb, ulong StackStart, uint StackSize, string? Name);
