using System.Text.Json;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Cli.Tests;

[TestClass]
public class InfoCommandTests
{
    // From ../shared/testdata/realdumps/MANIFEST.md.
    [TestMethod]
    [DataRow("windows-x64/rust-minidump_invalid-parameter.dmp", "x64", 31, 6, "0xc000000d")]
    [DataRow("windows-x64/electron-node-minidump_windows.dmp", "x64", 58, 14, "0xc0000005")]
    [DataRow("windows-x64/breakpad_tiny-exe-fastfail.dmp", "x64", 21, 4, "0xc0000409")]
    [DataRow("windows-x86/breakpad_minidump2.dmp", "x86", 13, 2, "0xc0000005")]
    [DataRow("windows-x86/breakpad_thread_name_list.dmp", "x86", 17, 6, "0xc0000005")]
    public void InfoWorksOnEveryRealWindowsDump(string file, string arch, int modules, int threads, string code)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);

        var json = CliRunner.Run("info", path, "--json");
        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.AreEqual(arch, root.GetProperty("architecture").GetString());
        Assert.AreEqual(arch == "x64" ? 8 : 4, root.GetProperty("pointerSize").GetInt32());
        Assert.AreEqual(modules, root.GetProperty("modules").GetArrayLength());
        Assert.AreEqual(threads, root.GetProperty("threads").GetArrayLength());
        Assert.AreEqual(code, root.GetProperty("exception").GetProperty("code").GetString());
        Assert.AreEqual("Windows NT", root.GetProperty("os").GetProperty("platform").GetString());
        Assert.IsTrue(root.GetProperty("modules").EnumerateArray().Any(m => m.GetProperty("pdb").ValueKind == JsonValueKind.Object),
            "some module carries a PDB identity");

        var text = CliRunner.Run("info", path);
        Assert.AreEqual(0, text.ExitCode, text.Stderr);
        StringAssert.Contains(text.Stdout, $"Modules       {modules}\n");
        StringAssert.Contains(text.Stdout, $"Threads       {threads}\n");
        StringAssert.Contains(text.Stdout, $"Pointer size  {(arch == "x64" ? 8 : 4)} bytes\n");
        Assert.IsFalse(text.Stdout.Split('\n').Any(l => l.EndsWith(' ')), "no trailing blanks");
    }

    [TestMethod]
    public void InfoShowsPdbIdentityAndVersionFromTheModuleList()
    {
        var path = SharedTestData.RealDump("windows-x86/breakpad_thread_name_list.dmp");
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);
        var r = CliRunner.Run("info", path);
        // Values read by hand from the module list: RSDS of ntdll and its VS_FIXEDFILEINFO.
        StringAssert.Contains(r.Stdout, "wntdll.pdb {59A40407-3ECA-3A11-9A1B-A3BD1483FEF1} age 1");
        StringAssert.Contains(r.Stdout, "6.2.17763.1192");
        StringAssert.Contains(r.Stdout, "overflow thread");
    }

    [TestMethod]
    [DataRow("malformed/rust-minidump_invalid-range.dmp", "no system-info stream")]
    [DataRow("malformed/lldb_regions-memlist64.dmp", "no module-list stream")]
    [DataRow("nonwindows/rust-minidump_linux-mini.dmp", "not of a Windows process")]
    public void UnusableDumpsExitThreeWithOneLine(string file, string why)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);
        foreach (var args in new[] { new[] { "info", path }, ["weak", path, "0x1000"], ["dt", path, "Microsoft::WRL::Details::WeakReferenceImpl"] })
        {
            var r = CliRunner.Run(args);
            Assert.AreEqual(3, r.ExitCode, $"{args[0]}: {r.Stderr}");
            Assert.AreEqual("", r.Stdout);
            Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
            StringAssert.Contains(r.Stderr, why);
        }
    }

    [TestMethod]
    public void InfoOnTheHandcraftedDumpReportsItsModuleAndPdb()
    {
        var (_, dump) = ScenarioDumps.For(Core.Targets.TargetArchitecture.X64);
        var r = CliRunner.Run("info", dump, "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var module = doc.RootElement.GetProperty("modules")[0];
        Assert.AreEqual("widgets", module.GetProperty("name").GetString());
        Assert.AreEqual("10.0.19041.1", module.GetProperty("fileVersion").GetString());
        Assert.AreEqual("widgets.pdb/5F0B8A3177C44C2E9D1A4C4C442050441/widgets.pdb", module.GetProperty("pdb").GetProperty("symbolStoreKey").GetString());
        Assert.AreEqual(0x2f10, doc.RootElement.GetProperty("processId").GetInt32());
    }
}
