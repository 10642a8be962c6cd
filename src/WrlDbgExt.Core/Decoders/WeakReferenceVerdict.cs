using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// The decoded state of one weak-reference control block, whatever its flavour: the raw object (for
/// <c>dt</c>), the verdict, how the flavour was established and the reasons (codes, not sentences).
/// </summary>
public sealed record WeakReferenceVerdict(
    FlavourDescriptor Flavour,
    ObjectSnapshot Block,
    WeakReferenceState State,
    BlockIdentity Identity,
    int? StrongCount,
    int? WeakCount,
    ulong? TargetAddress,
    TargetObjectInfo? Target,
    string? BlockVfTableSymbol,
    IReadOnlyList<Reason> Reasons)
{
    public ulong Address => Block.Address;

    /// <summary>True when not a single byte of the block was readable: the address is not in the target.</summary>
    public bool Unreadable => Block.NothingReadable;

    /// <summary>IWeakReference holders, by the flavour's holder rule.</summary>
    public int? WeakHolders => WeakCount is { } w ? Flavour.WeakHolders(State, w) : null;

    /// <summary>The word address of a <see cref="ReasonCode.HintObjectWord"/> hint, if the decoder found one.</summary>
    public ulong? HintWordAddress => Reasons.FirstOrDefault(r => r.Code == ReasonCode.HintObjectWord)?.Address("wordAddress");
}
