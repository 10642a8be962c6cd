namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// WRL's <c>WeakReferenceImpl</c> (docs/winrt-internals.md §2): signed counts with sentinels (§2.5), a target
/// never cleared, objects whose <c>refCount_</c> encodes the block.
/// </summary>
public static class WrlTwin
{
    public static TwinFlavour Instance { get; } = new()
    {
        Id = "wrl",
        Layout = ExpectedLayouts.WeakReferenceImpl,
        StrongField = "strongRefCount_", WeakField = "refcount_", TargetField = "unknown_",
        VtableFields = ["__VFN_table"],
        // A weak-capable RuntimeClass: its interface and IWeakReferenceSource vptrs, refCount_ at 0x38 / 0x1C (an earlier
        // model of §2.6, which now gives 0x40 / 0x20 with FtmBase; inside the back-link search either way, and kept so
        // the README samples stay what they are).
        Target = p => new(0, p == 8 ? 0x38 : 0x1C, [0, p]),
        States =
        [
            // alive: 2 IWeakReference holders + the target's hold (§2.4).
            new("alive", 2, 3, TwinTarget.Live, "alive"),
            new("target-destroyed", 0, 1, TwinTarget.Stale, "target-destroyed"),
            // §2.5: a freed block shows the destructors' sentinel in both counts.
            new("control-block-destroyed", WrlCounts.Destroyed, WrlCounts.Destroyed, TwinTarget.Stale, "control-block-destroyed"),
            new("saturated", WrlCounts.Saturated, 2, TwinTarget.Live, "saturated"),
            new("being-created", WrlCounts.BeingCreated, 2, TwinTarget.Live, "being-created"),
            new("corrupt-negative-count", -5, 1, TwinTarget.Stale, "corrupt"),
            new("corrupt-alive-without-weak-hold", 1, 0, TwinTarget.Live, "corrupt"),
        ],
    };
}
