namespace WrlDbgExt.Core.Decoders;

/// <summary>What a weak-reference control block says about its target.</summary>
public enum WeakReferenceState
{
    /// <summary>Strong count &gt; 0 and a plausible target: Resolve succeeds.</summary>
    Alive,

    /// <summary>Strong count == 0 (or the library's zero sentinel) and weak holders remain: Resolve returns null.</summary>
    TargetDestroyed,

    /// <summary>The block itself has been destroyed (destructor sentinel).</summary>
    ControlBlockDestroyed,

    /// <summary>Strong count stuck at LONG_MAX: the target can never be released.</summary>
    Saturated,

    /// <summary>Strong count at the transient LONG_MAX/2 of a block being installed.</summary>
    BeingCreated,

    /// <summary>A block of the flavour whose counts or fields no correct program produces.</summary>
    Corrupt,

    /// <summary>The memory does not look like a control block of the flavour (wrong vftable, garbage fields).</summary>
    NotAControlBlock,

    /// <summary>Fields the verdict needs are not in the target (not captured, or the dump is truncated).</summary>
    Incomplete,
}

/// <summary>How the decoder knows the memory is a block of the flavour.</summary>
public enum BlockIdentity
{
    /// <summary>It does not (not a control block, or nothing readable).</summary>
    None,

    /// <summary>The vfptr lies in an image (where images are known) and the fields fit the flavour; no symbols.</summary>
    Structure,

    /// <summary>The vfptr's symbol names the flavour's block vftable.</summary>
    Symbols,
}

public static class WeakReferenceStateExtensions
{
    /// <summary>Stable identifier used in JSON and scripts.</summary>
    public static string Id(this WeakReferenceState state) => state switch
    {
        WeakReferenceState.Alive => "alive",
        WeakReferenceState.TargetDestroyed => "target-destroyed",
        WeakReferenceState.ControlBlockDestroyed => "control-block-destroyed",
        WeakReferenceState.Saturated => "saturated",
        WeakReferenceState.BeingCreated => "being-created",
        WeakReferenceState.Corrupt => "corrupt",
        WeakReferenceState.NotAControlBlock => "not-a-control-block",
        WeakReferenceState.Incomplete => "incomplete",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>States in which the target is alive (strong count positive).</summary>
    public static bool TargetLives(this WeakReferenceState state) =>
        state is WeakReferenceState.Alive or WeakReferenceState.Saturated or WeakReferenceState.BeingCreated;
}
