namespace WrlDbgExt.Cli.Tests;

[TestClass]
public class UsageTests
{
    [TestMethod]
    [DataRow(new string[0])]
    [DataRow(new[] { "frobnicate" })]
    [DataRow(new[] { "weak" })]
    [DataRow(new[] { "weak", "x.dmp" })]
    [DataRow(new[] { "info", "x.dmp", "--bogus" })]
    [DataRow(new[] { "dt" })]
    public void BadCommandLinesExitTwoWithOneLine(string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.AreEqual(2, r.ExitCode, r.Stderr);
        Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
        StringAssert.Contains(r.Stderr, "wrldbg --help");
    }

    [TestMethod]
    public void AMissingDumpExitsThree()
    {
        var r = CliRunner.Run("info", "/nonexistent/dir/x.dmp");
        Assert.AreEqual(3, r.ExitCode);
        StringAssert.Contains(r.Stderr, "no such file");
    }

    [TestMethod]
    public void ADumpThatIsNotAMinidumpExitsThree()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "MDMP but not really\n%n%s<b>&");
            var r = CliRunner.Run("info", path);
            Assert.AreEqual(3, r.ExitCode, r.Stderr);
            Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void HelpListsTheCommandsAndExitCodes()
    {
        var r = CliRunner.Run("--help");
        Assert.AreEqual(0, r.ExitCode);
        foreach (var word in new[] { "info", "weak", "dt", "Exit codes", "0n123" }) StringAssert.Contains(r.Stdout, word);
    }

    [TestMethod]
    public void TheRealProcessReturnsTheDocumentedCodesWithoutStackTraces()
    {
        var (scenario, dump) = ScenarioDumps.For(Core.Targets.TargetArchitecture.X64);
        var ok = CliRunner.RunProcess("weak", dump, $"0x{scenario.Object("control-block-destroyed").Address:x}");
        Assert.AreEqual(0, ok.ExitCode, ok.Stderr);
        StringAssert.Contains(ok.Stdout, "verdict : control block destroyed\n");

        var bad = CliRunner.RunProcess("weak", "/nonexistent.dmp", "0");
        Assert.AreEqual(3, bad.ExitCode);
        Assert.AreEqual(1, bad.Stderr.TrimEnd('\n').Split('\n').Length, bad.Stderr);
        Assert.IsFalse(bad.Stderr.Contains("   at "), "no stack trace");

        Assert.AreEqual(2, CliRunner.RunProcess("nope").ExitCode);
    }
}
