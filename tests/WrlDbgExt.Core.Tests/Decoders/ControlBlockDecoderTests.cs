using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Flavours.Wrl;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Decoders;

[TestClass]
public class ControlBlockDecoderTests
{
    private static readonly string[] AllScenarios =
    [
        "alive", "target-destroyed", "control-block-destroyed", "saturated", "being-created",
        "corrupt-negative-count", "corrupt-alive-without-weak-hold", "corrupt-misaligned",
        "alive-target-not-captured", "corrupt-truncated", "corrupt-head-missing",
    ];

    /// <summary>
    /// Test-owned: the verdicts each reason code argues for. A reason in this table may only appear under one
    /// of its verdicts; anything else would be a verdict contradicted by its own reasons.
    /// </summary>
    private static readonly Dictionary<ReasonCode, string[]> ArguesFor = new()
    {
        [ReasonCode.StrongPositive] = ["alive"],
        [ReasonCode.TargetReleased] = ["target-destroyed"],
        [ReasonCode.StrongSaturated] = ["saturated"],
        [ReasonCode.StrongBeingCreated] = ["being-created"],
        [ReasonCode.BothCountsDestroyed] = ["control-block-destroyed"],
        [ReasonCode.StrongDestroyedSentinel] = ["control-block-destroyed"],
        [ReasonCode.BackLinkFound] = ["alive", "saturated", "being-created"],
        [ReasonCode.TargetStale] = ["target-destroyed", "control-block-destroyed"],
        [ReasonCode.IdentityFromStructure] = ["alive", "target-destroyed", "control-block-destroyed", "saturated", "being-created", "corrupt"],
        [ReasonCode.HintObjectWord] = ["not-a-control-block"],
        [ReasonCode.StructureDoesNotFit] = ["not-a-control-block"],
    };

    /// <summary>The scenario names every flavour has besides its own states (what a live run cannot produce).</summary>
    private static readonly string[] CommonScenarios =
        ["corrupt-misaligned", "alive-target-not-captured", "corrupt-truncated", "corrupt-head-missing"];

    /// <summary>Every flavour's writer-made scenario, x64 and x86.</summary>
    public static IEnumerable<object[]> EveryFlavour =>
        TwinFlavour.All.SelectMany(f => new[] { TargetArchitecture.X64, TargetArchitecture.X86 }.Select(a => new object[] { f.Id, a }));

    private static BlockScenario Scenario(string flavour, TargetArchitecture arch) => new(TwinFlavour.All.Single(f => f.Id == flavour), arch);

    private static WeakReferenceVerdict Decode(ITargetMemory target, ulong address) =>
        FlavourDetector.Decode(target, LayoutCatalog.BuiltInOnly, address);

    private static string Reasons(WeakReferenceVerdict v) => string.Join(" | ", v.Reasons);

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void TheWrlScenarioHasEveryState(TargetArchitecture arch) =>
        CollectionAssert.AreEquivalent(AllScenarios, new WrlScenario(arch).Objects.Select(o => o.Name).ToArray());

    /// <summary>
    /// Each block gets the state the docs call for. Its flavour and counts too — unless the structure cannot tell the
    /// flavour (no flavour established, or another flavour's reading of the same memory in the same state, said so
    /// in the reasons): then decoding it as its own flavour must give the state and counts.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(EveryFlavour))]
    public void EveryScenarioGetsItsVerdictAndCounts(string flavourId, TargetArchitecture arch)
    {
        var scenario = Scenario(flavourId, arch);
        var flavour = FlavourCatalog.ById(flavourId)!;
        var target = scenario.ToInMemoryTarget();
        var names = scenario.Objects.Select(o => o.Name).ToList();
        CollectionAssert.IsSubsetOf(CommonScenarios, names);
        CollectionAssert.IsSubsetOf(scenario.Flavour.States.Select(s => s.Name).ToArray(), names);
        foreach (var o in scenario.Objects)
        {
            string at = $"{flavourId} {arch} {o.Name}";
            var verdict = Decode(target, o.Address);
            Assert.AreEqual(o.ExpectedState, verdict.State.Id(), $"{at}: {Reasons(verdict)}");
            Assert.IsTrue(verdict.Reasons.Count > 0, $"{at} has reasons");
            var facts = verdict;
            if (verdict.Flavour != flavour)
            {
                bool undecided = verdict.Identity == BlockIdentity.None || verdict.Reasons.Any(r =>
                    r.Code is ReasonCode.StructureAlsoFits or ReasonCode.StructureAlsoReadsAs && r.Text("flavours").Split(" or ").Contains(flavour.DisplayName));
                Assert.IsTrue(undecided, $"{at}: read as {verdict.Flavour.Id} without saying it may be {flavour.DisplayName}: {Reasons(verdict)}");
                facts = FlavourDetector.Decode(target, LayoutCatalog.BuiltInOnly, o.Address, flavour);
                Assert.AreEqual(o.ExpectedState, facts.State.Id(), $"{at} as {flavourId}: {Reasons(facts)}");
            }
            Assert.AreEqual(o.Strong, facts.StrongCount, $"{at} strong");
            Assert.AreEqual(o.Weak, facts.WeakCount, $"{at} weak");
        }
    }

    [TestMethod]
    [DynamicData(nameof(EveryFlavour))]
    public void NoVerdictIsContradictedByItsOwnReasons(string flavourId, TargetArchitecture arch)
    {
        var scenario = Scenario(flavourId, arch);
        var target = scenario.ToInMemoryTarget();
        // Every object, and every pointer-aligned address of the heap arena: garbage must not be argued either way.
        var addresses = scenario.Objects.Select(o => o.Address)
            .Concat(Enumerable.Range(0, 0x1000 / scenario.PointerSize).Select(i => scenario.HeapBase + (ulong)(i * scenario.PointerSize)));
        int decoded = 0;
        foreach (var address in addresses)
        {
            var verdict = Decode(target, address);
            if (verdict.Unreadable) continue;
            decoded++;
            foreach (var reason in verdict.Reasons)
            {
                if (ArguesFor.TryGetValue(reason.Code, out var states))
                    CollectionAssert.Contains(states, verdict.State.Id(), $"0x{address:x}: {reason.Code} under '{verdict.State.Id()}': {Reasons(verdict)}");
            }
        }
        Assert.IsTrue(decoded > 100, $"decoded {decoded}");
    }

    [TestMethod]
    [DynamicData(nameof(EveryFlavour))]
    public void AliveTargetIsInspectedAndItsWordPointsBack(string flavourId, TargetArchitecture arch)
    {
        var scenario = Scenario(flavourId, arch);
        var alive = scenario.Object("alive");
        var verdict = Decode(scenario.ToInMemoryTarget(), alive.Address);
        Assert.AreEqual(WeakReferenceState.Alive, verdict.State);
        Assert.AreEqual(flavourId, verdict.Flavour.Id, Reasons(verdict));
        Assert.AreEqual(BlockIdentity.Structure, verdict.Identity);
        Assert.AreEqual(alive.Target, verdict.TargetAddress);
        Assert.IsNotNull(verdict.Target);
        Assert.IsTrue(verdict.Target.Readable);
        var shape = scenario.Flavour.Target(scenario.PointerSize);
        Assert.AreEqual(scenario.TargetVfTable(shape.VfPtrOffsets.ToList().IndexOf(shape.IdentityOffset)), verdict.Target.VfTable);
        Assert.AreEqual(scenario.BackLinkOffset, verdict.Target.BackLinkOffset);
        Assert.AreEqual(alive.BackLinkOffset, verdict.Target.BackLinkOffset);
        Assert.AreEqual(2, verdict.WeakHolders);
        Assert.AreEqual("widgets", verdict.Target.VfTableModule);
    }

    /// <summary>Every block whose target is freed memory: the flavour's decoder reports the pointer and never reads behind it.</summary>
    [TestMethod]
    [DynamicData(nameof(EveryFlavour))]
    public void DeadTargetsAreNeverDereferenced(string flavourId, TargetArchitecture arch)
    {
        var scenario = Scenario(flavourId, arch);
        var stale = scenario.Objects.Where(o => o.StaleTarget).ToList();
        Assert.IsTrue(stale.Count > 0, $"{flavourId}: no stale target");
        foreach (var o in stale)
        {
            var memory = new RecordingMemory(scenario.ToInMemoryTarget());
            // The decoder of the block's flavour; detection may try other flavours' readings of the same bytes.
            var verdict = ControlBlockDecoder.Decode(memory, BuiltInLayouts.Instance, o.Address, FlavourCatalog.ById(flavourId)!);
            Assert.IsNull(verdict.Target, $"{arch} {o.Name}");
            Assert.IsFalse(memory.Touched(o.Target, 0x60), $"{arch} {o.Name}: the stale target was read");
            Assert.AreEqual(o.Target, verdict.TargetAddress, "the target field is still reported, as the library leaves it");
        }
    }

    [TestMethod]
    public void TargetDestroyedCountsHoldersWithoutTheTarget()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = Decode(scenario.ToInMemoryTarget(), scenario.Object("target-destroyed").Address);
        Assert.AreEqual(1, verdict.WeakHolders);
        var released = verdict.Reasons.Single(r => r.Code == ReasonCode.TargetReleased);
        Assert.AreEqual(1, released.Integer("holders"));
        Assert.AreEqual("strongRefCount_", released.Text("field"));
        Assert.IsTrue(verdict.Reasons.Any(r => r.Code == ReasonCode.TargetStale));
    }

    [TestMethod]
    public void AliveBlockWhoseTargetWasNotCapturedStaysAliveAndSaysSo()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = Decode(scenario.ToInMemoryTarget(), scenario.Object("alive-target-not-captured").Address);
        Assert.AreEqual(WeakReferenceState.Alive, verdict.State);
        Assert.IsFalse(verdict.Target!.Readable);
        Assert.IsTrue(verdict.Reasons.Any(r => r.Code == ReasonCode.TargetNotCaptured), Reasons(verdict));
    }

    [TestMethod]
    public void AnAddressOutsideTheTargetIsReportedUnreadable()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = Decode(scenario.ToInMemoryTarget(), 0x10);
        Assert.AreEqual(WeakReferenceState.Incomplete, verdict.State);
        Assert.IsTrue(verdict.Unreadable);
        Assert.IsNull(verdict.StrongCount);
        Assert.AreEqual(ReasonCode.NothingReadable, verdict.Reasons.Single().Code);
    }

    [TestMethod]
    public void MisalignedIsNotABlockAndPartlyCapturedIsIncompleteNeverCorrupt()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var target = scenario.ToInMemoryTarget();
        var misaligned = Decode(target, scenario.Object("corrupt-misaligned").Address);
        Assert.AreEqual(WeakReferenceState.NotAControlBlock, misaligned.State);
        Assert.IsTrue(misaligned.Reasons.Any(r => r.Code == ReasonCode.BlockMisaligned), Reasons(misaligned));

        var truncated = Decode(target, scenario.Object("corrupt-truncated").Address);
        Assert.AreEqual(WeakReferenceState.Incomplete, truncated.State);
        var missing = truncated.Reasons.Single(r => r.Code == ReasonCode.FieldNotCaptured && r.Text("field") == "strongRefCount_");
        Assert.AreEqual(0x10, missing.Integer("offset"));
        Assert.IsFalse(truncated.Reasons.Any(r => r.Code is ReasonCode.StrongNegative or ReasonCode.CountImplausible), Reasons(truncated));

        var headless = Decode(target, scenario.Object("corrupt-head-missing").Address);
        Assert.AreEqual(WeakReferenceState.Incomplete, headless.State);
        Assert.IsTrue(headless.Reasons.Any(r => r.Code == ReasonCode.FieldNotCaptured && r.Text("field") == "__VFN_table"), Reasons(headless));
        Assert.IsNotNull(headless.StrongCount, "strongRefCount_ lies in the captured range and is read on its own");
    }

    [TestMethod]
    public void ListedButCutOffMemoryIsTruncatedNotNotCaptured()
    {
        // The block's first 0x10 bytes are in the file; the dump lists 0x20.
        var image = new ObjectImage(0x20, 8).Pointer(0, 0x7ff6_0000_2010).Int32(0x0C, 2).Int32(0x10, 1).Pointer(0x18, 0x5000_0000);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddTruncatedRegion(0x4000_0000, image.Bytes[..0x10], 0x20);
        var verdict = Decode(target, 0x4000_0000);
        Assert.AreEqual(WeakReferenceState.Incomplete, verdict.State);
        CollectionAssert.AreEquivalent(new[] { "strongRefCount_", "unknown_" },
            verdict.Reasons.Where(r => r.Code == ReasonCode.FieldTruncated).Select(r => r.Text("field")).ToArray(), Reasons(verdict));
        Assert.AreEqual(MemoryAbsence.Truncated, target.WhyUnreadable(0x4000_0018));
        Assert.AreEqual(MemoryAbsence.NotCaptured, target.WhyUnreadable(0x4000_0020));
    }

    [TestMethod]
    [DataRow(0xDDDDDDDDDDDDDDDDUL, 0xDDDDDDDDu)]
    [DataRow(0xFEEEFEEEFEEEFEEEUL, 0xFEEEFEEEu)]
    [DataRow(0xBAADF00DBAADF00DUL, 0xBAADF00Du)]
    [DataRow(0xCDCDCDCDCDCDCDCDUL, 0xCDCDCDCDu)]
    [DataRow(0xABABABABABABABABUL, 0xABABABABu)]
    public void DebugHeapFillPatternsAreNamed(ulong fill, uint pattern)
    {
        var image = new ObjectImage(0x20, 8).Pointer(0, fill).Pointer(8, fill).Pointer(0x10, fill).Pointer(0x18, fill);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000_0000, image.Bytes);
        var verdict = Decode(target, 0x4000_0000);
        Assert.AreEqual(WeakReferenceState.NotAControlBlock, verdict.State);
        var reason = verdict.Reasons.Single(r => r.Code == ReasonCode.VfTableFillPattern);
        Assert.AreEqual(pattern, reason.Address("pattern"));
        Assert.IsTrue(reason.Text("patternName").Length > 0);
    }

    [TestMethod]
    public void AFreedTargetWhoseBlockStillSaysAliveIsADanglingTargetNotAlive()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var alive = scenario.Object("alive");
        var regions = scenario.Regions.ToDictionary(r => r.Address, r => (byte[])r.Bytes.Clone());
        var heap = regions[scenario.HeapBase];
        heap.AsSpan((int)(alive.Target - scenario.HeapBase), 0x60).Fill(0xDD); // the target freed by a debug CRT
        var target = new InMemoryTarget(TargetArchitecture.X64);
        foreach (var (a, b) in regions) target.AddRegion(a, b);
        target.AddModule(scenario.Module);
        var verdict = Decode(target, alive.Address);
        Assert.AreEqual(WeakReferenceState.Corrupt, verdict.State, Reasons(verdict));
        Assert.IsTrue(verdict.Reasons.Any(r => r.Code == ReasonCode.TargetVfTableFillPattern), Reasons(verdict));
    }

    [TestMethod]
    public void AVfPtrOutsideEveryImageIsNotABlock()
    {
        var image = new ObjectImage(0x20, 8).Pointer(0, 0x0000_0123_4567_8000).Int32(0x0C, 2).Int32(0x10, 1).Pointer(0x18, 0x4000_1000);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000_0000, image.Bytes)
            .AddModule(new TargetModule(@"C:\m.dll", 0x7ff6_0000_0000, 0x10000, 0, null, null));
        var verdict = Decode(target, 0x4000_0000);
        Assert.AreEqual(WeakReferenceState.NotAControlBlock, verdict.State);
        Assert.AreEqual(ReasonCode.VfTableOutsideImages, verdict.Reasons[0].Code);
    }

    [TestMethod]
    [DataRow(0UL, PointerProblem.Null)]
    [DataRow(0xFFFFUL, PointerProblem.NullPage)]
    [DataRow(0x0000_8000_0000_0000UL, PointerProblem.NotUserMode)]
    [DataRow(0x0000_7FFF_FFFF_0000UL, PointerProblem.NotUserMode)]
    [DataRow(0xFFFF_F800_0000_1000UL, PointerProblem.NotUserMode)]
    [DataRow(0x0000_7FFF_0000_1004UL, PointerProblem.Misaligned)]
    [DataRow(0x0000_7FFF_0000_1000UL, PointerProblem.None)]
    public void X64PointerRules(ulong value, PointerProblem expected) =>
        Assert.AreEqual(expected, Plausibility.CheckPointer(value, 8, 8));

    [TestMethod]
    public void AnObjectAddressGetsTheHintToFollowItsWord()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var alive = scenario.Object("alive");
        var verdict = Decode(scenario.ToInMemoryTarget(), alive.Target);
        Assert.AreEqual(WeakReferenceState.NotAControlBlock, verdict.State, Reasons(verdict));
        Assert.AreEqual(alive.Target + scenario.RefCountOffset, verdict.HintWordAddress);
        var hint = verdict.Reasons.Single(r => r.Code == ReasonCode.HintObjectWord);
        Assert.AreEqual(alive.Address, hint.Address("block"));
        Assert.AreEqual((long)scenario.RefCountOffset, hint.Integer("offset"));
    }

    [TestMethod]
    public void FieldsAreReadWhereTheLayoutSourceSaysNotAtFixedOffsets()
    {
        // A source that knows a different (say, PDB-derived) layout wins over the built-in one.
        var moved = new TypeLayout(WrlFlavour.TypeName, TargetArchitecture.X64, 0x28,
        [
            new FieldLayout("__VFN_table", 0, FieldType.VfTable(8)),
            new FieldLayout("refcount_", 0x08, FieldType.Int32),
            new FieldLayout("strongRefCount_", 0x18, FieldType.Int32),
            new FieldLayout("unknown_", 0x20, FieldType.PointerTo("IUnknown", 8)),
        ], "test.pdb", "t");
        var image = new ObjectImage(0x28, 8).Pointer(0, 0x7ff6_0000_7000).Int32(0x08, 5).Int32(0x18, 0).Pointer(0x20, 0x9_0000);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000_0000, image.Bytes);
        var catalog = new LayoutCatalog([new SingleLayoutSource(moved), BuiltInLayouts.Instance]);
        var verdict = ControlBlockDecoder.Decode(target, catalog, 0x4000_0000, WrlFlavour.Instance);
        Assert.AreEqual(WeakReferenceState.TargetDestroyed, verdict.State, Reasons(verdict));
        Assert.AreEqual(5, verdict.WeakCount);
        Assert.AreEqual(0, verdict.StrongCount);
        Assert.AreEqual(0x9_0000UL, verdict.TargetAddress);
        Assert.AreEqual("test.pdb", verdict.Block.Layout.Source);
    }

    [TestMethod]
    public void ALayoutWithoutARequiredFieldIsAClearError()
    {
        var broken = new TypeLayout(WrlFlavour.TypeName, TargetArchitecture.X64, 0x20,
            [new FieldLayout("refcount_", 0x0C, FieldType.Int32)], "broken.pdb");
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000, new byte[0x20]);
        var e = Assert.ThrowsExactly<LayoutMismatchException>(() =>
            ControlBlockDecoder.Decode(target, new SingleLayoutSource(broken), 0x4000, WrlFlavour.Instance));
        StringAssert.Contains(e.Message, "broken.pdb");
    }

    [TestMethod]
    public void ArmSixtyFourUsesTheX64Layout()
    {
        var image = new ObjectImage(0x20, 8).Pointer(0, 0x7ff6_0000_7000).Int32(0x0C, 1).Int32(0x10, 0).Pointer(0x18, 0x9_0000);
        var target = new InMemoryTarget(TargetArchitecture.Arm64).AddRegion(0x4000_0000, image.Bytes);
        var verdict = Decode(target, 0x4000_0000);
        Assert.AreEqual(WeakReferenceState.TargetDestroyed, verdict.State, Reasons(verdict));
        Assert.AreEqual(TargetArchitecture.X64, verdict.Block.Layout.Family);
    }

    [TestMethod]
    public void SymbolsThatNameAnotherVtableRuleTheBlockOutAndOwnSymbolsConfirmIt()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var symbols = new FakeSymbols(new() { [scenario.WeakReferenceImplVfTable] = "widgets!Widget::`vftable'" });
        var target = new SymbolizedTarget(scenario.ToInMemoryTarget(), symbols);
        var verdict = Decode(target, scenario.Object("alive").Address);
        Assert.AreEqual(WeakReferenceState.NotAControlBlock, verdict.State);
        Assert.AreEqual("widgets!Widget::`vftable'", verdict.BlockVfTableSymbol);
        Assert.AreEqual("widgets!Widget::`vftable'", verdict.Reasons.Single(r => r.Code == ReasonCode.VfTableOtherType).Text("symbol"));

        var good = new SymbolizedTarget(scenario.ToInMemoryTarget(), new FakeSymbols(new()
        {
            [scenario.WeakReferenceImplVfTable] = "widgets!Microsoft::WRL::Details::WeakReferenceImpl::`vftable'",
            [scenario.WidgetVfTable] = "widgets!Widget::`vftable'",
        }));
        var ok = Decode(good, scenario.Object("alive").Address);
        Assert.AreEqual(WeakReferenceState.Alive, ok.State);
        Assert.AreEqual(BlockIdentity.Symbols, ok.Identity);
        Assert.AreEqual("widgets!Widget::`vftable'", ok.Target!.VfTableSymbol);

        // With symbols confirming the type, a garbage target pointer makes it corrupt, not "not a block".
        var bad = Decode(good, scenario.Object("corrupt-alive-without-weak-hold").Address);
        Assert.AreEqual(WeakReferenceState.Corrupt, bad.State);
    }

    [TestMethod]
    public void TheFlavourIsForcedOrFoundByItsVfTableSymbol()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        Assert.AreSame(WrlFlavour.Instance, FlavourCatalog.ById("WRL"));
        Assert.AreSame(WrlFlavour.Instance, FlavourCatalog.ByVfTableSymbol("any!Microsoft::WRL::Details::WeakReferenceImpl::`vftable'"));
        Assert.IsNull(FlavourCatalog.ByVfTableSymbol("any!Widget::`vftable'"));
        var forced = FlavourDetector.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, scenario.Object("alive").Address, WrlFlavour.Instance);
        Assert.AreEqual(WeakReferenceState.Alive, forced.State);
    }
}
