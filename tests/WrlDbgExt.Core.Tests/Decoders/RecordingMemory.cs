using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Decoders;

/// <summary>Wraps a target and records every read, to prove what a decoder did not touch.</summary>
internal sealed class RecordingMemory(ITargetMemory inner) : ITargetMemory
{
    public List<(ulong Address, int Length)> Reads { get; } = new();

    public TargetArchitecture Architecture => inner.Architecture;

    public int PointerSize => inner.PointerSize;

    public int Read(ulong address, Span<byte> buffer)
    {
        Reads.Add((address, buffer.Length));
        return inner.Read(address, buffer);
    }

    public bool Touched(ulong start, ulong length) =>
        Reads.Any(r => r.Address < start + length && start < r.Address + (ulong)r.Length);
}
