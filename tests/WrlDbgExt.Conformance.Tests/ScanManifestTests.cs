using WrlDbgExt.TestSupport.Fixtures;
using CoreFlavours = WrlDbgExt.Core.Flavours.FlavourCatalog;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>wrldbg scan</c> without symbols on the engine-made dumps finds exactly the control blocks the targets put there
/// (the manifest's blocks, tear-off faces aside, and the blocks its objects name), each with the manifest's state; a
/// target without weak references (memory_buffers) gives none.
/// </summary>
[TestClass]
public class ScanManifestTests
{
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void ScanFindsExactlyTheManifestsBlocks(string arch)
    {
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch).Where(t => !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            var expected = new Dictionary<ulong, (string Flavour, string? State)>();
            foreach (var o in manifest.Objects)
            {
                if (o.Kind is null && !o.Flavour.EndsWith("-word", StringComparison.Ordinal) && !o.Properties.ContainsKey("via") && o.Type is not null
                    && Flavours.IsDecoded(o.Flavour) && CoreFlavours.ById(o.Flavour) is not null)
                    expected[o.Address] = (o.Flavour, o.ExpectedState);
                if (o.Kind == "object" && o.Properties.TryGetValue("controlBlock", out var block) && block.StartsWith("0x", StringComparison.Ordinal))
                    expected.TryAdd(FixtureManifest.ParseHex(block), (o.Flavour, null));
            }
            var r = CliRunner.Run("scan", dump, "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            var found = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("schema").GetString() == "wrldbg.weak-reference")
                .ToDictionary(e => FixtureManifest.ParseHex(e.GetProperty("address").GetString()!), e => (Flavour: e.GetProperty("flavour").GetString()!, State: e.GetProperty("state").GetString()!));
            CollectionAssert.AreEquivalent(expected.Keys.ToList(), found.Keys.ToList(),
                $"{arch} {target}: missed {string.Join(", ", expected.Keys.Except(found.Keys).Select(a => $"0x{a:x}"))}; extra {string.Join(", ", found.Keys.Except(expected.Keys).Select(a => $"0x{a:x}"))}");
            foreach (var (address, (flavour, state)) in expected)
            {
                Assert.AreEqual(flavour, found[address].Flavour, $"{arch} {target} 0x{address:x}");
                if (state is not null) Assert.AreEqual(state, found[address].State, $"{arch} {target} 0x{address:x}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 20, $"compared {compared} blocks");
    }

    /// <summary>The SARIF findings count what the manifest says is there: saturated, destroyed, dead targets kept.</summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void SarifFindingsAreTheManifestsStates(string arch)
    {
        var dump = Require.FixtureFile(arch, "weak_refs", ".dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File(arch, "weak_refs", ".manifest.json"));
        var blocks = manifest.Objects.Where(o => o.Kind is null && o.Type is not null && !o.Properties.ContainsKey("via")
            && CoreFlavours.ById(o.Flavour) is not null && Flavours.IsDecoded(o.Flavour)).ToList();
        var r = CliRunner.Run("scan", dump, "--sarif");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        using var sarif = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        int Count(string rule) => results.Count(x => x.GetProperty("ruleId").GetString() == rule);
        Assert.AreEqual(blocks.Count(b => b.ExpectedState == "saturated"), Count("saturated-block"));
        Assert.AreEqual(blocks.Count(b => b.ExpectedState == "control-block-destroyed"), Count("destroyed-block"));
        Assert.AreEqual(0, Count("corrupt-block"), "the engine-made dumps hold no corrupt block");
        int deadTargets = results.Where(x => x.GetProperty("ruleId").GetString() == "dead-targets-kept")
            .Sum(x => int.Parse(x.GetProperty("message").GetProperty("text").GetString()!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(blocks.Count(b => b.ExpectedState == "target-destroyed"), deadTargets);
    }
}
