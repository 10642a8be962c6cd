namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// WinUI's <c>ctl::Details::WeakReferenceImpl</c> (docs/winrt-internals.md §2.7): ULONG counts without sentinels;
/// a released source nulls <c>m_pSourceRef</c> and leaves <c>m_cSourceRef</c> at 1; freed at <c>m_cRef</c> 0.
/// </summary>
public static class WinUITwin
{
    public static TwinFlavour Instance { get; } = new()
    {
        Id = "winui",
        Layout = ExpectedLayouts.WinUIWeakReferenceImpl,
        StrongField = "m_cSourceRef", WeakField = "m_cRef", TargetField = "m_pSourceRef",
        VtableFields = ["__VFN_table"],
        // §2.7: ctl::ComBase's vfptr, two bools, m_pUnkFTM, then refCount_ at 3·ptr.
        Target = p => new(0, 3 * p, [0]),
        States =
        [
            // m_cRef: the object's hold + 2 holders (§2.7).
            new("alive", 2, 3, TwinTarget.Live, "alive"),
            // §2.7: ReleaseImpl's AddRef before the final release leaves m_cSourceRef 1 beside the null pointer.
            new("target-destroyed", 1, 1, TwinTarget.Null, "target-destroyed"),
            new("control-block-destroyed", 1, 0, TwinTarget.Null, "control-block-destroyed"),
            // An over-release wraps the ULONG (0xFFFFFFFB).
            new("corrupt-negative-count", -5, 1, TwinTarget.Stale, "corrupt"),
            new("corrupt-alive-without-weak-hold", 2, 0, TwinTarget.Live, "corrupt"),
        ],
    };
}
