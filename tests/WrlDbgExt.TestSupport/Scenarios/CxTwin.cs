namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// C++/CX's <c>ControlBlock</c> (docs/winrt-internals.md §3): signed counts, 0xC0000000 once strong reached zero,
/// <c>__target</c> nulled only for a block allocated apart from its object, freed at weak 0; objects point at their
/// block with a plain pointer.
/// </summary>
public static class CxTwin
{
    private const string Single = "__bSingleAllocation";

    public static TwinFlavour Instance { get; } = new()
    {
        Id = "cx",
        Layout = ExpectedLayouts.ControlBlock,
        StrongField = "__strongRefCount", WeakField = "__weakRefCount", TargetField = "__target",
        VtableFields = ["__VFN_table"],
        // §3.2: a ref class's vfptr, then __abi_reference_count, whose first pointer is the block.
        Target = p => new(0, p, [0], PlainBlockPointer: true),
        States =
        [
            // weak: the object's hold + 2 holders (§3.2).
            new("alive", 2, 3, TwinTarget.Live, "alive", [Single]),
            new("alive-separate", 2, 3, TwinTarget.Live, "alive"),
            new("target-destroyed", CxCounts.StrongZero, 1, TwinTarget.Null, "target-destroyed"),
            new("target-destroyed-single", CxCounts.StrongZero, 1, TwinTarget.Stale, "target-destroyed", [Single]),
            // S5's dead state (VS2012 era): strong zero, target null (§3.2).
            new("target-destroyed-strong-zero", 0, 1, TwinTarget.Null, "target-destroyed"),
            new("control-block-destroyed-single", CxCounts.StrongZero, 0, TwinTarget.Stale, "control-block-destroyed", [Single]),
            new("control-block-destroyed-separate", CxCounts.StrongZero, 0, TwinTarget.Null, "control-block-destroyed"),
            // After 0xC0000000 the count no longer moves (§3.2): no other negative value is written.
            new("corrupt-negative-count", -5, 1, TwinTarget.Stale, "corrupt"),
            new("corrupt-alive-without-weak-hold", 1, 0, TwinTarget.Live, "corrupt", [Single]),
        ],
    };
}
