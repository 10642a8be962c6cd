using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// The decoded state of one weak-reference control block, whatever its flavour: the raw object
/// (for <c>dt</c>), the verdict and the reasons that led to it.
/// </summary>
public sealed record WeakReferenceVerdict(
    string Flavour,
    ObjectSnapshot Block,
    WeakReferenceState State,
    int? StrongCount,
    int? WeakCount,
    ulong? TargetAddress,
    TargetObjectInfo? Target,
    string? BlockVfTableSymbol,
    IReadOnlyList<string> Reasons)
{
    public ulong Address => Block.Address;

    /// <summary>True when not a single byte of the block was readable: the address is not in the target.</summary>
    public bool Unreadable => Block.NothingReadable;

    /// <summary>IWeakReference holders: the block's weak count minus the live target's own hold.</summary>
    public int? WeakHolders => WeakCount is not { } w ? null
        : State is WeakReferenceState.Alive or WeakReferenceState.Saturated or WeakReferenceState.BeingCreated ? w - 1
        : State == WeakReferenceState.TargetDestroyed ? w
        : null;
}
