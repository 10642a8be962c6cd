using WrlDbgExt.Core.Flavours;

namespace WrlDbgExt.Core.Decoders;

/// <summary>How the object's count word was found.</summary>
public enum ObjectFinding
{
    /// <summary>Symbols named the object's class and its word member.</summary>
    Symbols,

    /// <summary>A word near the address decodes to a block whose target points back into the object.</summary>
    BackLink,

    /// <summary>A count-mode word where a known object shape puts it, between vtable pointers in images.</summary>
    Shape,

    /// <summary>The same vtable pointers as an object found by back-link, and a count where that object keeps its word (a scan).</summary>
    Sibling,

    /// <summary>No count word was found within the searched range.</summary>
    NotFound,

    /// <summary>The address is not in the target's memory.</summary>
    Unreadable,
}

/// <summary>
/// What <c>obj</c> learned about a weak-capable object from an object or interface pointer: its flavour, where it
/// starts, its interface pointers, its count-or-pointer word and — in pointer mode — its control block's verdict.
/// </summary>
/// <param name="Address">The address asked about.</param>
/// <param name="Finding">How (or whether) the word was found.</param>
/// <param name="Flavour">The flavour, when found.</param>
/// <param name="ClassName">The object's class, when symbols name it.</param>
/// <param name="ObjectStart">The object's first byte, when found.</param>
/// <param name="ObjectSize">Its size where symbols give it, else the extent the decoder saw (up to the word).</param>
/// <param name="InterfacePointers">Addresses inside the object that hold a vtable pointer: every interface pointer into it, identity first.</param>
/// <param name="WordAddress">Where the word is.</param>
/// <param name="WordRaw">Its value.</param>
/// <param name="WordField">The member's name (from symbols or the flavour).</param>
/// <param name="PointerMode">True when the word links to a block (always for C++/CX).</param>
/// <param name="State">Alive, saturated or destroyed in count mode; the block's verdict in pointer mode.</param>
/// <param name="StrongCount">The strong count (from the word, or the block).</param>
/// <param name="WeakCount">The block's own count; null in count mode.</param>
/// <param name="Block">The control block's verdict in pointer mode.</param>
/// <param name="SearchStart">First byte the search looked at.</param>
/// <param name="SearchEnd">One past the last byte it looked at.</param>
/// <param name="Reasons">Why, as codes.</param>
public sealed record ObjectVerdict(
    ulong Address,
    ObjectFinding Finding,
    FlavourDescriptor? Flavour,
    string? ClassName,
    ulong? ObjectStart,
    uint? ObjectSize,
    IReadOnlyList<ulong> InterfacePointers,
    ulong? WordAddress,
    ulong? WordRaw,
    string? WordField,
    bool PointerMode,
    WeakReferenceState? State,
    int? StrongCount,
    int? WeakCount,
    WeakReferenceVerdict? Block,
    ulong SearchStart,
    ulong SearchEnd,
    IReadOnlyList<Reason> Reasons)
{
    public bool Found => Finding is ObjectFinding.Symbols or ObjectFinding.BackLink or ObjectFinding.Shape or ObjectFinding.Sibling;

    /// <summary>The address ranges a holder of this object or of its block points into (for <c>refs</c>).</summary>
    public IReadOnlyList<(ulong Start, ulong Size, bool IsControlBlock)> HeldRanges(int pointerSize)
    {
        var ranges = new List<(ulong, ulong, bool)>();
        if (ObjectStart is { } s) ranges.Add((s, Math.Max(ObjectSize ?? 0, (uint)pointerSize), false));
        if (Block is { } b) ranges.Add((b.Address, Math.Max(b.Block.Layout.Size, (uint)pointerSize), true));
        return ranges;
    }
}
