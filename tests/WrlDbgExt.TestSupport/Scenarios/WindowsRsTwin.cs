namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// windows-rs's <c>TearOff</c> (docs/winrt-internals.md §5): i32 counts, no sentinels, freed at weak 0, the object
/// never cleared; the encoded word points at its start (the IWeakReferenceSource face), the IWeakReference face is
/// one pointer in.
/// </summary>
public static class WindowsRsTwin
{
    public static TwinFlavour Instance { get; } = new()
    {
        Id = "windows-rs",
        Layout = ExpectedLayouts.TearOff,
        StrongField = "strong_count", WeakField = "weak_count", TargetField = "object",
        VtableFields = ["strong_vtable", "weak_vtable"],
        TearOff = ("weak_vtable", ExpectedLayouts.WeakFaceName),
        // §5: an #[implement] Foo_Impl with one interface and an i32: identity vtable, interface vtable, the value,
        // then count at 3·ptr.
        Target = p => new(0, 3 * p, [0, p]),
        States =
        [
            // weak: the strong side's hold + 2 holders (§5).
            new("alive", 2, 3, TwinTarget.Live, "alive"),
            new("target-destroyed", 0, 1, TwinTarget.Stale, "target-destroyed"),
            // Dropped at weak 0 with nothing written (§5): the memory keeps 0 / 0.
            new("control-block-destroyed", 0, 0, TwinTarget.Stale, "control-block-destroyed"),
            // RefCount::release panics on a negative count (§5): no correct program leaves one.
            new("corrupt-negative-count", -5, 1, TwinTarget.Stale, "corrupt"),
            new("corrupt-alive-without-weak-hold", 1, 0, TwinTarget.Live, "corrupt"),
        ],
    };
}
