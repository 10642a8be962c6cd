namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// C++/WinRT's <c>weak_ref&lt;1,1&gt;</c> (docs/winrt-internals.md §4): uint32 counts without sentinels, freed when
/// <c>m_weak</c> reaches 0, <c>m_object</c> never cleared; the IWeakReferenceSource tear-off one pointer in.
/// </summary>
public static class CppWinrtTwin
{
    public static TwinFlavour Instance { get; } = new()
    {
        Id = "cppwinrt",
        Layout = ExpectedLayouts.WeakRef,
        StrongField = "m_strong", WeakField = "m_weak", TargetField = "m_object",
        VtableFields = ["__VFN_table", "m_source"],
        TearOff = ("m_source", ExpectedLayouts.WeakSourceName),
        // §4.3: root_implements' vfptr at 0, m_references at 2·ptr, the first interface's vtable at 3·ptr: the
        // identity m_object holds, so the word sits one pointer before it.
        Target = p => new(3 * p, 2 * p, [0, 3 * p]),
        States =
        [
            // m_weak: the strong side's hold + 2 holders (§4.2).
            new("alive", 2, 3, TwinTarget.Live, "alive"),
            // §4.1: make_weak_ref's block before its CAS: m_strong = the object's count, m_weak 1, the word still that count.
            new("being-created", 2, 1, TwinTarget.LiveNotInstalled, "being-created"),
            new("target-destroyed", 0, 1, TwinTarget.Stale, "target-destroyed"),
            // Freed at m_weak 0 with nothing written (§4.2): the memory keeps 0 / 0.
            new("control-block-destroyed", 0, 0, TwinTarget.Stale, "control-block-destroyed"),
            // An over-release wraps the uint32 (0xFFFFFFFB).
            new("corrupt-negative-count", -5, 1, TwinTarget.Stale, "corrupt"),
            new("corrupt-alive-without-weak-hold", 1, 0, TwinTarget.Live, "corrupt"),
        ],
    };
}
