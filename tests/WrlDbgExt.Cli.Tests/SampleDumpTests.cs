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
        Assert.IsTrue(new FileInfo(stem + ".dmp").Length <= 2 * 1024 * 1024);
    }

    [TestMethod]
    public void TheReadmeFirstCommandDecodesTheAliveObject()
    {
        var dump = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64.dmp");
        var r = CliRunner.Run("weak", dump, "0x00000000`00245010");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stdout, "verdict : target alive");
        StringAssert.Contains(r.Stdout, "back-link at +0x18");
    }

    [TestMethod]
    public void TheEngineMadeSampleGivesEveryManifestVerdict()
    {
        // tests/samples/weak_refs-x64.dmp: written by the real dbgeng at the target's checkpoint
        // (scripts/make-fixtures.sh --update-sample); its manifest was written by the target itself.
        var stem = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64");
        Assert.IsTrue(new FileInfo(stem + ".dmp").Length <= 2 * 1024 * 1024);
        var manifest = FixtureManifest.Load(stem + ".manifest.json");
        var wrl = manifest.Objects.Where(o => o.Flavour == "wrl").ToList();
        Assert.IsTrue(wrl.Count >= 5);
        foreach (var o in wrl)
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
    }
}
