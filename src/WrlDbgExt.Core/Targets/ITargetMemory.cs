namespace WrlDbgExt.Core.Targets;

/// <summary>
/// The narrow contract every host implements: architecture and raw virtual-memory reads.
/// Everything else a target can do is an opt-in capability (<see cref="IModuleList"/>, <see cref="ISymbolLookup"/>, <see cref="IMemoryRegions"/>).
/// </summary>
public interface ITargetMemory
{
    TargetArchitecture Architecture { get; }

    /// <summary>Pointer size in bytes (4 or 8).</summary>
    int PointerSize { get; }

    /// <summary>
    /// Reads up to <c>buffer.Length</c> bytes at <paramref name="address"/> and returns how many were read.
    /// A partial read returns the count of leading bytes that were readable; the rest of the buffer is
    /// left untouched and must not be trusted (never padded). Returns 0 when nothing is readable.
    /// Never throws for unreadable memory.
    /// </summary>
    int Read(ulong address, Span<byte> buffer);
}
