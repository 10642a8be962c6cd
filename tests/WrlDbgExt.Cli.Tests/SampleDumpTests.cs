using System.Text.Json;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Cli.Tests;

[TestClass]
public class SampleDumpTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void TheReadmeSampleIsWhatTheScenarioWritesToday(TargetArchitecture arch)
    {
        var stem = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", $"wrl-scenarios-{arch.DisplayName()}");
        var scenario = new WrlScenario(arch);
        CollectionAssert.AreEqual(ScenarioDump.Build(scenario), File.ReadAllBytes(stem + ".dmp"),
            "tests/samples is stale: run scripts/make-sample-dumps.sh");
        Assert.AreEqual(ScenarioDump.Manifest(scenario), File.ReadAllText(stem + ".manifest.json"));
        Assert.IsTrue(new FileInfo(stem + ".dmp").Length <= 2_000_000, "a sample dump may take at most 2 MB");
    }

    [TestMethod]
    public void TheReadmeFirstCommandDecodesTheAliveObject()
    {
        var dump = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64.dmp");
        var r = CliRunner.Run("weak", dump, "0x00000000`00244f30");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stdout, "verdict : target alive");
        StringAssert.Contains(r.Stdout, "back-link at +0x40");
    }

    [TestMethod]
    public void TheEngineMadeSampleGivesEveryManifestVerdict()
    {
        // tests/samples/weak_refs-x64.dmp: written by the real dbgeng at the target's checkpoint
        // (scripts/make-fixtures.sh --update-sample); its manifest was written by the target itself.
        var stem = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64");
        Assert.IsTrue(new FileInfo(stem + ".dmp").Length <= 2_000_000, "a sample dump may take at most 2 MB");
        var manifest = FixtureManifest.Load(stem + ".manifest.json");
        var blocks = manifest.Objects.Where(o => o.Kind is null && !o.Flavour.EndsWith("-word", StringComparison.Ordinal) && !o.Properties.ContainsKey("via")).ToList();
        Assert.IsTrue(blocks.Select(o => o.Flavour).Distinct().Count() >= 5, "every flavour has blocks in the sample");
        foreach (var o in blocks)
        {
            var r = CliRunner.Run("weak", stem + ".dmp", $"0x{o.Address:x}", "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            Assert.AreEqual(o.ExpectedState, doc.RootElement.GetProperty("state").GetString(), o.Name);
            Assert.AreEqual(o.Strong, doc.RootElement.GetProperty("strongCount").GetInt32(), o.Name);
            Assert.AreEqual(o.Weak, doc.RootElement.GetProperty("weakCount").GetInt32(), o.Name);
        }
        foreach (var o in manifest.Objects.Where(o => o.Flavour == "wrl-word"))
        {
            var r = CliRunner.Run("weak", stem + ".dmp", $"0x{o.Address:x}", "--word", "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            Assert.AreEqual(o.ExpectedState, doc.RootElement.GetProperty("mode").GetString(), o.Name);
        }
        foreach (var o in manifest.Objects.Where(o => o.Kind == "object" && o.Properties["mode"] == "pointer"))
        {
            var r = CliRunner.Run("obj", stem + ".dmp", $"0x{o.Address:x}", "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            Assert.AreEqual(o.ExpectedState, doc.RootElement.GetProperty("state").GetString(), o.Name);
            Assert.AreEqual(o.Strong, doc.RootElement.GetProperty("strongCount").GetInt32(), o.Name);
        }
    }

    /// <summary>
    /// tests/samples/memory_buffers-x64.dmp (engine-made, like the weak_refs sample): every buffer and reference of its
    /// manifest gives the manifest's state and findings. It has no data segments, so a global holder is not captured;
    /// the stale data pointer is still found on the stack where the checkpoint copied it.
    /// </summary>
    [TestMethod]
    public void TheBufferSampleGivesEveryManifestStateAndFinding()
    {
        var stem = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "memory_buffers-x64");
        Assert.IsTrue(new FileInfo(stem + ".dmp").Length <= 2_000_000, "a sample dump may take at most 2 MB");
        var objects = FixtureManifest.Load(stem + ".manifest.json").Objects.Where(o => o.Flavour.StartsWith("memory-buffer", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(objects.Count >= 10, $"{objects.Count} buffers and references");
        foreach (var o in objects)
        {
            var r = CliRunner.Run("membuf", stem + ".dmp", $"0x{o.Address:x}", "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.AreEqual(o.ExpectedState, doc.RootElement.GetProperty("state").GetString(), o.Name);
            var findings = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("reason").GetProperty("code").GetString()!).Order();
            CollectionAssert.AreEqual(o.Properties["findings"].Split(',', StringSplitOptions.RemoveEmptyEntries).Order().ToList(), findings.ToList(), o.Name);
        }
    }

    [TestMethod]
    public void RefsOnTheSampleFindsThePlantedStackAndHeapHolders()
    {
        // The sample is dumped without data segments (scripts/make-fixtures.sh): its globals are not captured.
        var stem = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64");
        var manifest = FixtureManifest.Load(stem + ".manifest.json");
        int found = 0;
        foreach (var holder in manifest.Objects.Where(o => o.Kind == "holder" && o.Properties["holderKind"] is "stack" or "heap"))
        {
            var held = manifest.Objects.Single(o => o.Name == holder.Properties["holds"]);
            var r = CliRunner.Run("refs", stem + ".dmp", $"0x{held.Address:x}", "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            var hit = doc.RootElement.GetProperty("holders").EnumerateArray()
                .SingleOrDefault(h => FixtureManifest.ParseHex(h.GetProperty("address").GetString()!) == holder.Address);
            Assert.AreEqual(JsonValueKind.Object, hit.ValueKind, $"{holder.Name} not found:\n{r.Stdout}");
            Assert.AreEqual(holder.Properties["holderKind"] == "stack" ? "stack" : "other", hit.GetProperty("place").GetString(), holder.Name);
            found++;
        }
        Assert.IsTrue(found >= 4, $"only {found} planted stack and heap holders");
    }
}
