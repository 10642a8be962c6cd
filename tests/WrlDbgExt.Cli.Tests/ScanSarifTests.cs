using System.Text.Json;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Cli.Tests;

/// <summary>
/// <c>wrldbg scan --sarif</c> is a SARIF 2.1.0 log as the standard requires (OASIS SARIF v2.1.0 §3.13, §3.14, §3.19,
/// §3.27): <c>version</c> "2.1.0", <c>$schema</c>, <c>runs[].tool.driver</c> with its name and rules, each result's
/// <c>ruleId</c> among the rules, a <c>level</c> from the standard's set, a <c>message.text</c> and a location.
/// </summary>
[TestClass]
public class ScanSarifTests
{
    private static string Sample => Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64.dmp");

    [TestMethod]
    public void TheSamplesFindingsAreAValidSarifLog()
    {
        var r = CliRunner.Run("scan", Sample, "--sarif");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.AreEqual("2.1.0", root.GetProperty("version").GetString());
        StringAssert.Contains(root.GetProperty("$schema").GetString(), "sarif-schema-2.1.0");
        var run = root.GetProperty("runs")[0];
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.AreEqual("wrldbg", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToHashSet();
        Assert.IsTrue(rules.Count >= 4);
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.IsTrue(results.Count > 0, "the sample holds a saturated block and destroyed ones");
        foreach (var result in results)
        {
            CollectionAssert.Contains(rules.ToList(), result.GetProperty("ruleId").GetString());
            CollectionAssert.Contains(new[] { "none", "note", "warning", "error" }, result.GetProperty("level").GetString());
            Assert.IsFalse(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
            var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
            StringAssert.StartsWith(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), "file://");
            Assert.IsTrue(location.GetProperty("address").GetProperty("absoluteAddress").GetUInt64() > 0);
        }
        Assert.IsTrue(results.Any(x => x.GetProperty("ruleId").GetString() == "saturated-block" && x.GetProperty("level").GetString() == "error"));
    }

    [TestMethod]
    public void MinSeverityLeavesOutWhatIsLess()
    {
        var all = CliRunner.Run("scan", Sample);
        var errors = CliRunner.Run("scan", Sample, "--min-severity", "error");
        Assert.AreEqual(0, errors.ExitCode, errors.Stderr);
        StringAssert.Contains(all.Stdout, "\n  info ");
        Assert.IsFalse(errors.Stdout.Contains("\n  warning ", StringComparison.Ordinal) || errors.Stdout.Contains("\n  info ", StringComparison.Ordinal), errors.Stdout);
        StringAssert.Contains(errors.Stdout, "saturated-block");
    }
}
