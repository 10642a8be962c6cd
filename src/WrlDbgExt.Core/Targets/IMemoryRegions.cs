namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability: the captured memory ranges, in address order (a dump's memory-list streams; a live
/// target's committed, readable pages). Scans walk them; decoders use them to tell "not captured" from
/// "listed, but the file is cut short" (truncated).
/// </summary>
public interface IMemoryRegions
{
    IReadOnlyList<MemoryRegion> Regions { get; }

    /// <summary>
    /// Whether <see cref="ITargetMemory.Read"/> may be called from two threads at once (a file read at offsets is;
    /// the engine's interfaces are not): a whole-memory scan then reads the next chunk while it searches this one.
    /// </summary>
    bool ReadsConcurrently => false;
}

/// <param name="Start">First address.</param>
/// <param name="Size">Bytes the target lists for the range.</param>
/// <param name="BytesAvailable">Leading bytes whose contents are really there (less than <paramref name="Size"/>
/// when a dump file ends before the range does).</param>
public readonly record struct MemoryRegion(ulong Start, ulong Size, ulong BytesAvailable)
{
    /// <summary>One past the last address (saturates at the top of the address space).</summary>
    public ulong End => Start + Size < Start ? ulong.MaxValue : Start + Size;

    public bool IsTruncated => BytesAvailable < Size;

    public bool Contains(ulong address) => address >= Start && address - Start < Size;
}

/// <summary>Why bytes at an address could not be read.</summary>
public enum MemoryAbsence
{
    /// <summary>The target does not list the address: it was never captured (or is not mapped).</summary>
    NotCaptured,

    /// <summary>The target lists the address but its file ends before the bytes: a truncated dump.</summary>
    Truncated,

    /// <summary>The target cannot tell (no region list).</summary>
    Unknown,
}
