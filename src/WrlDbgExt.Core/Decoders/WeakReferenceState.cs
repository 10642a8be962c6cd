namespace WrlDbgExt.Core.Decoders;

/// <summary>What a weak-reference control block says about its target.</summary>
public enum WeakReferenceState
{
    /// <summary>Strong count &gt; 0: Resolve succeeds.</summary>
    Alive,

    /// <summary>Strong count == 0 and weak holders remain: Resolve returns null.</summary>
    TargetDestroyed,

    /// <summary>The block itself has been destroyed (destructor sentinel).</summary>
    ControlBlockDestroyed,

    /// <summary>Strong count stuck at LONG_MAX: the target can never be released.</summary>
    Saturated,

    /// <summary>Strong count at the transient LONG_MAX/2 of a block being installed.</summary>
    BeingCreated,

    /// <summary>Counts or fields that no correct program produces, or unreadable fields.</summary>
    Corrupt,
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
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>One-line human title.</summary>
    public static string Title(this WeakReferenceState state) => state switch
    {
        WeakReferenceState.Alive => "target alive",
        WeakReferenceState.TargetDestroyed => "target destroyed, weak references outstanding",
        WeakReferenceState.ControlBlockDestroyed => "control block destroyed",
        WeakReferenceState.Saturated => "strong count saturated: target leaked",
        WeakReferenceState.BeingCreated => "control block being created",
        WeakReferenceState.Corrupt => "corrupt",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };
}
