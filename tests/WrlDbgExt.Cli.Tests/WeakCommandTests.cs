using System.Text.Json;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Cli.Tests;

[TestClass]
public class WeakCommandTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void EveryScenarioObjectDecodesThroughTheDumpAsTheManifestSays(TargetArchitecture arch)
    {
        var (scenario, dump) = ScenarioDumps.For(arch);
        foreach (var o in scenario.Objects)
        {
            var r = CliRunner.Run("weak", dump, Hex.Pointer(o.Address, scenario.PointerSize), "--json");
            Assert.AreEqual(0, r.ExitCode, $"{arch} {o.Name}: {r.Stderr}");
            using var doc = JsonDocument.Parse(r.Stdout);
            var root = doc.RootElement;
            Assert.AreEqual(o.ExpectedState, root.GetProperty("state").GetString(), $"{arch} {o.Name}");
            Assert.AreEqual(o.Strong, root.GetProperty("strongCount").ValueKind == JsonValueKind.Null ? null : root.GetProperty("strongCount").GetInt32(), $"{arch} {o.Name} strong");
            Assert.AreEqual(o.Weak, root.GetProperty("weakCount").ValueKind == JsonValueKind.Null ? null : root.GetProperty("weakCount").GetInt32(), $"{arch} {o.Name} weak");
            Assert.AreEqual(arch.DisplayName(), root.GetProperty("architecture").GetString());
        }
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void TextOutputThroughTheDumpEqualsTheInMemoryRendering(TargetArchitecture arch)
    {
        // ClrMD over our minidump and the in-memory target must read the same bytes.
        var (scenario, dump) = ScenarioDumps.For(arch);
        foreach (var o in scenario.Objects)
        {
            var expected = WeakReferenceTextRenderer.Render(
                FlavourDetector.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, o.Address),
                a => CommandSyntax.Invocation(HostSyntax.Cli, ObjCommand.Spec, [], [a], dump));
            var r = CliRunner.Run("weak", dump, $"0x{o.Address:x}");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            Assert.AreEqual(expected, r.Stdout, $"{arch} {o.Name}");
        }
    }

    /// <summary>Every flavour's scenario in one dump: through ClrMD each block reads as the in-memory scenario does.</summary>
    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void EveryFlavoursBlocksReadThroughTheDumpAsInMemory(TargetArchitecture arch)
    {
        var (scenarios, dump) = ScenarioDumps.AllFlavours(arch);
        var memory = BlockScenario.ToInMemoryTarget(scenarios);
        foreach (var o in scenarios.SelectMany(s => s.Objects))
        {
            var expected = WeakReferenceTextRenderer.Render(FlavourDetector.Decode(memory, LayoutCatalog.BuiltInOnly, o.Address),
                a => CommandSyntax.Invocation(HostSyntax.Cli, ObjCommand.Spec, [], [a], dump));
            var r = CliRunner.Run("weak", dump, $"0x{o.Address:x}");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            Assert.AreEqual(expected, r.Stdout, $"{arch} {o.Name}");
        }
    }

    [TestMethod]
    public void AliveBlockTextShowsTheVerdictSection()
    {
        var (scenario, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var alive = scenario.Object("alive");
        var r = CliRunner.Run("weak", dump, Hex.Pointer(alive.Address, 8));
        StringAssert.StartsWith(r.Stdout, "   +0x000 __VFN_table : 0x00007ff6`12302010 \n   +0x00c refcount_        : 0n3\n");
        StringAssert.Contains(r.Stdout, "verdict : target alive\n");
        StringAssert.Contains(r.Stdout, "back-link at +0x38");
    }

    [TestMethod]
    public void AddressesAreAcceptedInEveryWinDbgForm()
    {
        var (scenario, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        ulong a = scenario.Object("saturated").Address;
        var forms = new[] { Hex.Pointer(a, 8), $"{a:x}", $"0x{a:X}", $"0n{a}", Hex.Pointer(a, 8)[2..] };
        var outputs = forms.Select(f => CliRunner.Run("weak", dump, f)).ToList();
        Assert.IsTrue(outputs.All(o => o.ExitCode == 0), string.Join(" | ", outputs.Select(o => o.Stderr)));
        Assert.AreEqual(1, outputs.Select(o => o.Stdout).Distinct().Count());
        StringAssert.Contains(outputs[0].Stdout, "verdict : strong count saturated: target leaked");
    }

    [TestMethod]
    public void X86TakesSignExtendedAddressesAndRefusesWideOnes()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X86);
        var r = CliRunner.Run("weak", dump, "ffffffff`80001000");
        Assert.AreEqual(3, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stderr, "memory read error at 0x80001000");
        var wide = CliRunner.Run("weak", dump, "1`00a10000");
        Assert.AreEqual(2, wide.ExitCode);
        StringAssert.Contains(wide.Stderr, "32-bit");
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void WordModeFollowsThePointerToTheBlock(TargetArchitecture arch)
    {
        var (scenario, dump) = ScenarioDumps.For(arch);
        var alive = scenario.Object("alive");
        var r = CliRunner.Run("weak", dump, $"0x{alive.Target + scenario.RefCountOffset:x}", "--word", "--json");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.AreEqual("pointer", doc.RootElement.GetProperty("mode").GetString());
        Assert.AreEqual($"0x{alive.Address:x}", doc.RootElement.GetProperty("controlBlockAddress").GetString());
        Assert.AreEqual("alive", doc.RootElement.GetProperty("controlBlock").GetProperty("state").GetString());
    }

    [TestMethod]
    public void WordModeReportsCountMode()
    {
        var (scenario, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("weak", dump, $"0x{scenario.CountModeObject + scenario.RefCountOffset:x}", "--word");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stdout, "mode    : count\n");
        StringAssert.Contains(r.Stdout, "strong count 3;");
    }

    [TestMethod]
    public void AnAddressOutsideTheDumpExitsThreeWithOneLine()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("weak", dump, "0x1000");
        Assert.AreEqual(3, r.ExitCode);
        Assert.AreEqual("", r.Stdout);
        Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
        StringAssert.Contains(r.Stderr, "not in this target's memory");
    }

    [TestMethod]
    [DataRow("zz")]
    [DataRow("poi(@rcx)")]
    [DataRow("%n%s<b>&")]
    public void AMalformedAddressIsAUsageError(string address)
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("weak", dump, address);
        Assert.AreEqual(2, r.ExitCode);
        Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
        StringAssert.StartsWith(r.Stderr, "wrldbg: ");
    }
}
