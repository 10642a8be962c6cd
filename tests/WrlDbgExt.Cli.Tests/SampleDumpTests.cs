using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport;
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
        var dump = Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "wrl-scenarios-x64.dmp");
        var r = CliRunner.Run("weak", dump, "0x000001d0`4f5e0000");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stdout, "verdict : target alive");
    }
}
