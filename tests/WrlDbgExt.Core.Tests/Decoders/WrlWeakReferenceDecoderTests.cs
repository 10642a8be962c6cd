using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Layouts.BuiltIn;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Decoders;

[TestClass]
public class WrlWeakReferenceDecoderTests
{
    private static readonly string[] AllScenarios =
    [
        "alive", "target-destroyed", "control-block-destroyed", "saturated", "being-created",
        "corrupt-negative-count", "corrupt-alive-without-weak-hold", "corrupt-misaligned",
        "alive-target-not-captured", "corrupt-truncated", "corrupt-head-missing",
    ];

    private static WeakReferenceVerdict Decode(ITargetMemory target, ulong address) =>
        WrlWeakReferenceDecoder.Instance.Decode(target, LayoutCatalog.BuiltInOnly, address);

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void EveryScenarioGetsItsVerdictAndCounts(TargetArchitecture arch)
    {
        var scenario = new WrlScenario(arch);
        var target = scenario.ToInMemoryTarget();
        CollectionAssert.AreEquivalent(AllScenarios, scenario.Objects.Select(o => o.Name).ToArray());
        foreach (var o in scenario.Objects)
        {
            var verdict = Decode(target, o.Address);
            Assert.AreEqual(o.ExpectedState, verdict.State.Id(), $"{arch} {o.Name}: {string.Join(" | ", verdict.Reasons)}");
            Assert.AreEqual(o.Strong, verdict.StrongCount, $"{arch} {o.Name} strong");
            Assert.AreEqual(o.Weak, verdict.WeakCount, $"{arch} {o.Name} weak");
            Assert.IsTrue(verdict.Reasons.Count > 0, $"{arch} {o.Name} has reasons");
        }
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void AliveTargetIsInspectedAndItsWordPointsBack(TargetArchitecture arch)
    {
        var scenario = new WrlScenario(arch);
        var alive = scenario.Object("alive");
        var verdict = Decode(scenario.ToInMemoryTarget(), alive.Address);
        Assert.AreEqual(WeakReferenceState.Alive, verdict.State);
        Assert.AreEqual(alive.Target, verdict.TargetAddress);
        Assert.IsNotNull(verdict.Target);
        Assert.IsTrue(verdict.Target.Readable);
        Assert.AreEqual(scenario.WidgetVfTable, verdict.Target.VfTable);
        Assert.AreEqual(scenario.RefCountOffset, verdict.Target.BackLinkOffset);
        Assert.AreEqual(2, verdict.WeakHolders);
    }

    [TestMethod]
    [DataRow("target-destroyed")]
    [DataRow("control-block-destroyed")]
    [DataRow("corrupt-negative-count")]
    public void DeadTargetsAreNeverDereferenced(string name)
    {
        foreach (var arch in new[] { TargetArchitecture.X64, TargetArchitecture.X86 })
        {
            var scenario = new WrlScenario(arch);
            var o = scenario.Object(name);
            var memory = new RecordingMemory(scenario.ToInMemoryTarget());
            var verdict = Decode(memory, o.Address);
            Assert.IsNull(verdict.Target, $"{arch} {name}");
            Assert.IsFalse(memory.Touched(o.Target, 0x60), $"{arch} {name}: the stale target was read");
            Assert.AreEqual(o.Target, verdict.TargetAddress, "unknown_ is still reported, as WRL leaves it");
        }
    }

    [TestMethod]
    public void TargetDestroyedCountsHoldersWithoutTheTarget()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = Decode(scenario.ToInMemoryTarget(), scenario.Object("target-destroyed").Address);
        Assert.AreEqual(1, verdict.WeakHolders);
        Assert.IsTrue(verdict.Reasons.Any(r => r.Contains("Resolve returns null")));
    }

    [TestMethod]
    public void AliveBlockWhoseTargetWasNotCapturedStaysAliveAndSaysSo()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = Decode(scenario.ToInMemoryTarget(), scenario.Object("alive-target-not-captured").Address);
        Assert.AreEqual(WeakReferenceState.Alive, verdict.State);
        Assert.IsFalse(verdict.Target!.Readable);
        Assert.IsTrue(verdict.Reasons.Any(r => r.Contains("not readable")));
    }

    [TestMethod]
    public void AnAddressOutsideTheTargetIsReportedUnreadable()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = Decode(scenario.ToInMemoryTarget(), 0x10);
        Assert.AreEqual(WeakReferenceState.Corrupt, verdict.State);
        Assert.IsTrue(verdict.Unreadable);
        Assert.IsNull(verdict.StrongCount);
    }

    [TestMethod]
    public void MisalignedAndTruncatedBlocksSayWhy()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var target = scenario.ToInMemoryTarget();
        var misaligned = Decode(target, scenario.Object("corrupt-misaligned").Address);
        Assert.IsTrue(misaligned.Reasons.Any(r => r.Contains("aligned")), string.Join(" | ", misaligned.Reasons));
        var truncated = Decode(target, scenario.Object("corrupt-truncated").Address);
        Assert.IsTrue(truncated.Reasons.Any(r => r.Contains("strongRefCount_ at +0x10 is not readable")), string.Join(" | ", truncated.Reasons));
        var headless = Decode(target, scenario.Object("corrupt-head-missing").Address);
        Assert.IsTrue(headless.Reasons.Any(r => r.Contains("__VFN_table at +0x0 is not readable")), string.Join(" | ", headless.Reasons));
        Assert.IsNotNull(headless.StrongCount, "strongRefCount_ lies in the captured range and is read on its own");
        Assert.IsFalse(truncated.Unreadable);
    }

    [TestMethod]
    public void FieldsAreReadWhereTheLayoutSourceSaysNotAtFixedOffsets()
    {
        // A source that knows a different (say, PDB-derived) layout wins over the built-in one.
        var moved = new TypeLayout(WeakReferenceImplLayout.TypeName, TargetArchitecture.X64, 0x28,
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(8)),
            new FieldLayout("refcount_", 0x08, FieldType.Int32),
            new FieldLayout("strongRefCount_", 0x18, FieldType.Int32),
            new FieldLayout("unknown_", 0x20, FieldType.PointerTo("IUnknown", 8)),
        ], "test.pdb", "t");
        var image = new ObjectImage(0x28, 8).Pointer(0, 0x7000).Int32(0x08, 5).Int32(0x18, 0).Pointer(0x20, 0x9000);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000, image.Bytes);
        var catalog = new LayoutCatalog([new SingleLayoutSource(moved), BuiltInLayouts.Instance]);
        var verdict = WrlWeakReferenceDecoder.Instance.Decode(target, catalog, 0x4000);
        Assert.AreEqual(WeakReferenceState.TargetDestroyed, verdict.State);
        Assert.AreEqual(5, verdict.WeakCount);
        Assert.AreEqual(0, verdict.StrongCount);
        Assert.AreEqual(0x9000UL, verdict.TargetAddress);
        Assert.AreEqual("test.pdb", verdict.Block.Layout.Source);
    }

    [TestMethod]
    public void ALayoutWithoutARequiredFieldIsAClearError()
    {
        var broken = new TypeLayout(WeakReferenceImplLayout.TypeName, TargetArchitecture.X64, 0x20,
            [new FieldLayout("refcount_", 0x0C, FieldType.Int32)], "broken.pdb");
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000, new byte[0x20]);
        var e = Assert.ThrowsExactly<LayoutMismatchException>(() =>
            WrlWeakReferenceDecoder.Instance.Decode(target, new SingleLayoutSource(broken), 0x4000));
        StringAssert.Contains(e.Message, "broken.pdb");
    }

    [TestMethod]
    public void ArmSixtyFourUsesTheX64Layout()
    {
        var image = new ObjectImage(0x20, 8).Pointer(0, 0x7000).Int32(0x0C, 1).Int32(0x10, 0).Pointer(0x18, 0x9000);
        var target = new InMemoryTarget(TargetArchitecture.Arm64).AddRegion(0x4000, image.Bytes);
        var verdict = Decode(target, 0x4000);
        Assert.AreEqual(WeakReferenceState.TargetDestroyed, verdict.State);
        Assert.AreEqual(TargetArchitecture.X64, verdict.Block.Layout.Family);
    }

    [TestMethod]
    public void SymbolsThatNameAnotherVtableMarkTheBlockCorrupt()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var symbols = new FakeSymbols(new() { [scenario.WeakReferenceImplVfTable] = "widgets!Widget::`vftable'" });
        var target = new SymbolizedTarget(scenario.ToInMemoryTarget(), symbols);
        var verdict = Decode(target, scenario.Object("alive").Address);
        Assert.AreEqual(WeakReferenceState.Corrupt, verdict.State);
        Assert.AreEqual("widgets!Widget::`vftable'", verdict.BlockVfTableSymbol);

        var good = new SymbolizedTarget(scenario.ToInMemoryTarget(), new FakeSymbols(new()
        {
            [scenario.WeakReferenceImplVfTable] = "widgets!Microsoft::WRL::Details::WeakReferenceImpl::`vftable'",
            [scenario.WidgetVfTable] = "widgets!Widget::`vftable'",
        }));
        var ok = Decode(good, scenario.Object("alive").Address);
        Assert.AreEqual(WeakReferenceState.Alive, ok.State);
        Assert.AreEqual("widgets!Widget::`vftable'", ok.Target!.VfTableSymbol);
    }

    [TestMethod]
    public void TheDecoderRegistersItself() =>
        Assert.AreSame(WrlWeakReferenceDecoder.Instance, WeakReferenceDecoders.ByTypeName(WeakReferenceImplLayout.TypeName));
}
