using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Decoders;

public enum BufferObjectKind
{
    Buffer,
    Reference,
}

/// <summary>States of a buffer or a reference (ids: <see cref="BufferStates.Id"/>).</summary>
public enum BufferState
{
    /// <summary>Buffer not closed; or a reference open on a buffer that is not closed.</summary>
    Open,

    /// <summary>A buffer closed while references are still open: they pin the memory.</summary>
    ClosedWithReferences,

    /// <summary>A buffer closed with every reference gone: the memory was given back.</summary>
    Released,

    /// <summary>A reference open with Closed handlers registered.</summary>
    OpenWithHandler,

    /// <summary>A reference still open after its buffer was closed: it pins the memory.</summary>
    OpenAfterBufferClosed,

    /// <summary>A reference that was open and is closed.</summary>
    Closed,

    /// <summary>A reference created after its buffer was closed: never open (capacity 0, no data).</summary>
    Empty,

    /// <summary>The fields contradict each other (a list that loops, a closed buffer holding memory nobody pins).</summary>
    Corrupt,

    /// <summary>An OS implementation known by its vftable symbol only: its state is not in a dump's reach.</summary>
    Opaque,
}

public static class BufferStates
{
    public static string Id(this BufferState state) => state switch
    {
        BufferState.Open => "open",
        BufferState.ClosedWithReferences => "closed-with-references",
        BufferState.Released => "released",
        BufferState.OpenWithHandler => "open-with-handler",
        BufferState.OpenAfterBufferClosed => "open-after-buffer-closed",
        BufferState.Closed => "closed",
        BufferState.Empty => "empty",
        BufferState.Opaque => "opaque",
        _ => "corrupt",
    };
}

public enum Severity
{
    Info,
    Warning,
    Error,
}

/// <summary>Something a user should act on, with how much it matters; the reason says what (English in renderers).</summary>
public sealed record Finding(Severity Severity, Reason Reason);

/// <summary>One Closed registration: the handler object, its token, and its vftable's symbol where the host names it.</summary>
public sealed record ClosedHandler(ulong Handler, long Token, string? VfTableSymbol);

/// <summary>
/// One reference as its buffer's list (or the address) shows it. <see cref="ClosedHandlers"/> lists the registrations
/// the dump holds; <see cref="HandlersCaptured"/> is false when the handler array is not (all) in the dump.
/// </summary>
public sealed record BufferReferenceInfo(ulong Address, ObjectSnapshot Snapshot, BufferState State, uint Handlers)
{
    public IReadOnlyList<ClosedHandler> ClosedHandlers { get; init; } = [];

    public bool HandlersCaptured { get; init; } = true;
}

/// <summary>
/// A closed reference that once handed out its data pointer: every captured word and register that still points into
/// the block (the implementation's own records excluded), and whether the memory was given back.
/// </summary>
public sealed record StaleDataPointers(ulong HandedOut, ulong Data, uint Capacity, bool MemoryFreed,
    IReadOnlyList<Holders.Holder> Holders, IReadOnlyList<Holders.RegisterHolder> Registers, Holders.ScanResult Scan, bool RegistersSearched);

/// <summary>
/// What <c>membuf</c> learns of an IMemoryBuffer or IMemoryBufferReference of a known implementation: the object,
/// the shared state's facts, every open reference and the findings. <see cref="Kind"/> is null when the address
/// is none of these, and <see cref="Reasons"/> say what it is not.
/// </summary>
public sealed record BufferVerdict(
    ulong Address,
    BufferObjectKind? Kind,
    string? Implementation,
    ulong? ObjectStart,
    ObjectSnapshot? Object,
    BufferState? State,
    ulong? StateAddress,
    ulong? Data,
    uint? Capacity,
    bool? BufferClosed,
    bool? MemoryFreed,
    ulong? BufferObject,
    IReadOnlyList<BufferReferenceInfo> OpenReferences,
    bool Symbols,
    IReadOnlyList<Reason> Reasons,
    IReadOnlyList<Finding> Findings)
{
    public bool Found => Kind is not null;

    /// <summary>The buffer object is gone (its address is still <see cref="BufferObject"/>); null when not known.</summary>
    public bool? BufferDestroyed { get; init; }

    /// <summary>The implementation raises Closed when a reference is released (its state's option); null when not known.</summary>
    public bool? RaisesClosedOnRelease { get; init; }

    /// <summary>A reference's last handed-out data pointer (its record; kept after Close); null for a buffer or when not known.</summary>
    public ulong? HandedOut { get; init; }

    /// <summary>For a closed reference that handed out data: who still points into the block; null when not searched.</summary>
    public StaleDataPointers? StaleData { get; init; }

    /// <summary>The manifest-style flavour id: <c>memory-buffer</c> or <c>memory-buffer-reference</c>.</summary>
    public string? FlavourId => Kind switch
    {
        BufferObjectKind.Buffer => "memory-buffer",
        BufferObjectKind.Reference => "memory-buffer-reference",
        _ => null,
    };
}
