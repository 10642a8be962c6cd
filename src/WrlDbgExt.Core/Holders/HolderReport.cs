using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Holders;

/// <summary>What a wanted range is.</summary>
public enum HeldPart
{
    /// <summary>The object's bytes (a pointer into them is a candidate strong holder: an interface pointer).</summary>
    Object,

    /// <summary>The control block's bytes (a pointer to them is a weak holder: an IWeakReference).</summary>
    ControlBlock,

    /// <summary>No object was found: only pointers to the given address itself are searched.</summary>
    Address,

    /// <summary>An IMemoryBuffer's block (membuf: pointers a closed reference's consumer may still use).</summary>
    BufferData,
}

public sealed record HeldRange(ulong Start, ulong Size, HeldPart Part)
{
    public bool Contains(ulong value) => value - Start < Size;
}

/// <summary>Where a holder lies.</summary>
public enum HolderPlace
{
    /// <summary>Inside a thread's stack range.</summary>
    Stack,

    /// <summary>Inside a loaded module's image: its data (a global, a static).</summary>
    Image,

    /// <summary>Elsewhere: heap or other private memory (a minidump does not say which).</summary>
    Other,
}

/// <summary>How the frame of a stack holder is known.</summary>
public enum FrameKind
{
    /// <summary>The host's unwinder put the holder between this frame's stack pointer and its caller's.</summary>
    Unwound,

    /// <summary>The holder lies below the innermost frame's stack pointer: dead stack space, or not yet used.</summary>
    BelowInnermost,

    /// <summary>No unwinder: the nearest word above the holder that points into a module image, taken as a return address. A guess.</summary>
    Guess,

    /// <summary>No unwinder and nothing that looks like a return address nearby.</summary>
    Unknown,
}

/// <param name="Kind">How it is known.</param>
/// <param name="Number">The frame number (unwound frames only).</param>
/// <param name="Symbol"><c>module!function+0xN</c> (unwound), or what the guessed return address points to.</param>
/// <param name="ReturnAddressAt">For a guess: where the word taken as a return address lies.</param>
public sealed record HolderFrame(FrameKind Kind, int? Number, string? Symbol, ulong? ReturnAddressAt);

/// <summary>One pointer-sized word that points into the object, its block or the given address.</summary>
/// <param name="Address">Where the word is.</param>
/// <param name="Value">What it holds.</param>
/// <param name="Held">The range it points into.</param>
/// <param name="Place">Stack, image or other memory.</param>
/// <param name="ThreadId">For stack holders: the OS thread id.</param>
/// <param name="StackPointer">For stack holders: the thread's stack pointer as captured, when known. Depths are
/// given from it (<c>sp+0xN</c>) because both hosts know it exactly, while a dump without the TEB leaves the
/// stack's top to the host's guess.</param>
/// <param name="Frame">For stack holders: the frame, or why it is not known.</param>
/// <param name="Module">For image holders: the module name.</param>
/// <param name="ModuleOffset">For image holders: offset from the image base.</param>
/// <param name="Symbol">For image holders with symbols: <c>module!symbol</c>.</param>
/// <param name="SymbolDisplacement">Offset past <paramref name="Symbol"/>.</param>
/// <param name="RegionStart">For other holders: the start of the captured range holding it.</param>
public sealed record Holder(
    ulong Address,
    ulong Value,
    HeldRange Held,
    HolderPlace Place,
    uint? ThreadId = null,
    ulong? StackPointer = null,
    HolderFrame? Frame = null,
    string? Module = null,
    ulong? ModuleOffset = null,
    string? Symbol = null,
    ulong? SymbolDisplacement = null,
    ulong? RegionStart = null)
{
    /// <summary>Where in the held range the value points.</summary>
    public ulong OffsetInHeld => Value - Held.Start;

    /// <summary>Bytes above the thread's stack pointer (negative: below it, in unused stack); null when not known.</summary>
    public long? AboveStackPointer => StackPointer is { } sp ? (long)(Address - sp) : null;
}

/// <summary>A thread's register whose captured value points into the object, its block or the given address.</summary>
public sealed record RegisterHolder(uint ThreadId, string Register, ulong Value, HeldRange Held)
{
    public ulong OffsetInHeld => Value - Held.Start;
}

/// <summary>What <see cref="HolderFinder.Search"/> found: placed holders, self-links, registers and the scan's figures.</summary>
public sealed record HolderSearch(
    IReadOnlyList<Holder> Holders,
    IReadOnlyList<Holder> SelfLinks,
    ScanResult Scan,
    IReadOnlyList<RegisterHolder> Registers,
    bool RegistersSearched);

/// <summary>
/// Who holds an object: every captured pointer into the object or its control block, where it lies, and what
/// the search could not see.
/// </summary>
/// <param name="Address">The address asked about.</param>
/// <param name="PointerSize">The target's pointer size.</param>
/// <param name="Object">The decoder's verdict for the address.</param>
/// <param name="Ranges">The ranges searched for; a single <see cref="HeldPart.Address"/> range when the decoder found no object.</param>
/// <param name="Holders">Pointers outside the ranges themselves, in address order.</param>
/// <param name="SelfLinks">Pointers that lie inside the object or block (the block's target pointer, a tear-off's back pointer): not holders.</param>
/// <param name="Scan">How much memory was searched.</param>
/// <param name="HostUnwinds">True when the host unwound stacks (frames are the unwinder's, not guesses).</param>
/// <param name="ThreadsKnown">True when the host lists threads (stack holders can be told from heap ones).</param>
/// <param name="Registers">Registers holding a value in the ranges, by thread; empty when none or not searched.</param>
/// <param name="RegistersSearched">True when the host gave every listed thread's registers.</param>
public sealed record RefsReport(
    ulong Address,
    int PointerSize,
    ObjectVerdict Object,
    IReadOnlyList<HeldRange> Ranges,
    IReadOnlyList<Holder> Holders,
    IReadOnlyList<Holder> SelfLinks,
    ScanResult Scan,
    bool HostUnwinds,
    bool ThreadsKnown,
    IReadOnlyList<RegisterHolder> Registers,
    bool RegistersSearched)
{
    public bool AddressOnly => Ranges.All(r => r.Part == HeldPart.Address);

    public IEnumerable<Holder> Of(HeldPart part) => Holders.Where(h => h.Held.Part == part);

    public IEnumerable<RegisterHolder> RegistersOf(HeldPart part) => Registers.Where(r => r.Held.Part == part);
}
