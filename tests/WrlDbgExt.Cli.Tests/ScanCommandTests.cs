using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Cli.Tests;

/// <summary><c>wrldbg scan</c> on third-party dumps, which hold no WinRT weak references: no block, and it says so.</summary>
[TestClass]
public class ScanCommandTests
{
    [TestMethod]
    [DataRow("windows-x64/rust-minidump_invalid-parameter.dmp")]
    [DataRow("windows-x64/electron-node-minidump_windows.dmp")]
    [DataRow("windows-x64/breakpad_tiny-exe-fastfail.dmp")]
    [DataRow("windows-x86/breakpad_minidump2.dmp")]
    [DataRow("windows-x86/breakpad_thread_name_list.dmp")]
    public void RealDumpsHoldNoControlBlock(string file)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);
        var text = CliRunner.Run("scan", path);
        Assert.AreEqual(0, text.ExitCode, text.Stderr);
        StringAssert.StartsWith(text.Stdout, "0 control blocks, 0 objects, 0 buffers or references;", text.Stdout);
        StringAssert.Contains(text.Stdout, "\nno findings\n");
        var json = CliRunner.Run("scan", path, "--json");
        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        Assert.AreEqual("", json.Stdout, "no block and no finding: no JSON line");
    }

    [TestMethod]
    public void ADumpThatIsNotADumpIsRefusedWithOneLine()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a minidump");
            var r = CliRunner.Run("scan", file);
            Assert.AreEqual(3, r.ExitCode);
            Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
