using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Decoders;

/// <summary>
/// obj without symbols on the writer-made scenarios: each flavour's live target is found from the pointer its block
/// holds, by its word's back-link, also when the captured memory starts or stops inside the search window. Expected
/// values come from the scenarios (TestSupport/Scenarios), not from the decoder.
/// </summary>
[TestClass]
public class ObjectDecoderTests
{
    public static IEnumerable<object[]> Cases() =>
        from f in TwinFlavour.All
        from a in new[] { TargetArchitecture.X64, TargetArchitecture.X86 }
        select new object[] { f.Id, a };

    private static (BlockScenario Scenario, ScenarioObject Alive) Alive(string flavour, TargetArchitecture arch)
    {
        var scenario = new BlockScenario(TwinFlavour.All.Single(f => f.Id == flavour), arch);
        return (scenario, scenario.Object("alive"));
    }

    /// <summary>The scenario's memory, but only [from, to) of the heap region that holds <paramref name="at"/>, plus the block.</summary>
    private static InMemoryTarget Cut(BlockScenario scenario, ScenarioObject block, ulong from, ulong to, bool keepBlock = true)
    {
        var target = new InMemoryTarget(scenario.Architecture).AddModule(scenario.Module);
        foreach (var (address, bytes) in scenario.Regions)
        {
            ulong end = address + (ulong)bytes.Length;
            if (from >= address && to <= end)
            {
                target.AddRegion(from, bytes[(int)(from - address)..(int)(to - address)]);
                // The block must stay readable for the back-link; it lies before the target in the arena.
                ulong b = block.Address, bEnd = b + scenario.Layout.Size;
                if (keepBlock && bEnd <= from) target.AddRegion(b, bytes[(int)(b - address)..(int)(bEnd - address)]);
            }
            else
            {
                target.AddRegion(address, bytes);
            }
        }
        return target;
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void TheLiveTargetIsFoundByItsBackLink(string flavour, TargetArchitecture arch)
    {
        var (scenario, alive) = Alive(flavour, arch);
        var verdict = ObjectDecoder.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, alive.Target);
        Assert.AreEqual(ObjectFinding.BackLink, verdict.Finding, string.Join("; ", verdict.Reasons.Select(r => ReasonText.Render(r, scenario.PointerSize))));
        Assert.AreEqual(flavour, verdict.Flavour!.Id);
        Assert.AreEqual(alive.Target + (ulong)(long)scenario.BackLinkOffset, verdict.WordAddress);
        Assert.AreEqual(alive.Address, verdict.Block!.Address);
        Assert.AreEqual(WeakReferenceState.Alive, verdict.State);
        Assert.AreEqual(alive.Strong, verdict.StrongCount);
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void CapturedMemoryStartingInsideTheWindowHidesOnlyWhatIsMissing(string flavour, TargetArchitecture arch)
    {
        // Only the target object itself (from its first byte, mid-page) and its block are captured: the window's
        // first 0x100 bytes are not, which must not hide the object's own words.
        var (scenario, alive) = Alive(flavour, arch);
        ulong word = alive.Target + (ulong)(long)scenario.BackLinkOffset;
        ulong start = alive.Target - (ulong)scenario.Flavour.Target(scenario.PointerSize).IdentityOffset; // the object's first byte
        var target = Cut(scenario, alive, start, Math.Max(alive.Target, word) + 0x40);
        var verdict = ObjectDecoder.Decode(target, LayoutCatalog.BuiltInOnly, alive.Target);
        Assert.AreEqual(ObjectFinding.BackLink, verdict.Finding, string.Join("; ", verdict.Reasons.Select(r => ReasonText.Render(r, scenario.PointerSize))));
        Assert.AreEqual(word, verdict.WordAddress);
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void AWordThatWasNotCapturedIsSaidToBeUnseen(string flavour, TargetArchitecture arch)
    {
        // Only the pointer-sized word at the address is captured: nothing can be found, and the answer says how much
        // of the searched range the dump does not hold rather than that nothing is there.
        var (scenario, alive) = Alive(flavour, arch);
        var target = Cut(scenario, alive, alive.Target, alive.Target + (ulong)scenario.PointerSize, keepBlock: false);
        var verdict = ObjectDecoder.Decode(target, LayoutCatalog.BuiltInOnly, alive.Target);
        Assert.AreEqual(ObjectFinding.NotFound, verdict.Finding);
        var reason = verdict.Reasons.Single(r => r.Code == ReasonCode.NoCountWord);
        Assert.AreEqual(2L * ObjectDecoder.SearchBytes - scenario.PointerSize, reason.Integer("missing"));
        StringAssert.Contains(ReasonText.Render(reason, scenario.PointerSize), "bytes of it are not in the target's memory");
    }
}
