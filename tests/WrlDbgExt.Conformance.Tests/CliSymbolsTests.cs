using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>--symbols</c> end to end: the right PDB gives the symbol layout; a PDB of the same name from another build (the
/// other architecture's weak_refs.pdb) is refused by GUID and age, so the verdict falls back to the built-in layout,
/// exactly as without symbols; a path with only a server uses nothing.
/// </summary>
[TestClass]
public class CliSymbolsTests
{
    [TestMethod]
    public void TheRightPdbIsUsedAndAnotherBuildsIsRefused()
    {
        var dump = Require.FixtureFile("x64", "weak_refs", ".dmp");
        var block = FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json")).Objects.First(o => o.Name == "wrl-alive");
        string at = $"0x{block.Address:x}";
        var right = CliRunner.Run("weak", dump, at, "--symbols", FixtureSet.Folder("x64"));
        var other = CliRunner.Run("weak", dump, at, "--symbols", FixtureSet.Folder("x86"));
        var server = CliRunner.Run("weak", dump, at, "--symbols", "srv*https://symbols.invalid");
        var none = CliRunner.Run("weak", dump, at);
        foreach (var r in new[] { right, other, server, none }) Assert.AreEqual(0, r.ExitCode, r.Stderr);
        StringAssert.Contains(right.Stdout, "layout  : weak_refs symbols");
        StringAssert.Contains(right.Stdout, "weak_refs!Microsoft::WRL::Details::WeakReferenceImpl::`vftable'");
        Assert.AreEqual(none.Stdout, other.Stdout, "a mismatched PDB is not used");
        Assert.AreEqual(none.Stdout, server.Stdout, "a server is never asked");
        Assert.IsFalse(none.Stdout.Contains("symbols, x64", StringComparison.Ordinal), none.Stdout);
    }

    /// <summary><c>info --symbols</c> says per module whether its PDB was found, refused as another build's, or not found.</summary>
    [TestMethod]
    public void InfoSaysWhereEachModulesPdbIs()
    {
        var dump = Require.FixtureFile("x64", "weak_refs", ".dmp");
        string Outcome(string path)
        {
            var r = CliRunner.Run("info", dump, "--json", "--symbols", path);
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            var module = doc.RootElement.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "weak_refs");
            return module.GetProperty("symbols").GetProperty("outcome").GetString()!;
        }
        Assert.AreEqual("found", Outcome(FixtureSet.Folder("x64")));
        Assert.AreEqual("mismatched", Outcome(FixtureSet.Folder("x86")));
        Assert.AreEqual("not-found", Outcome(FixtureSet.NoSymbolsFolder()));
        var plain = CliRunner.Run("info", dump, "--json");
        using var none = System.Text.Json.JsonDocument.Parse(plain.Stdout);
        Assert.AreEqual(System.Text.Json.JsonValueKind.Null, none.RootElement.GetProperty("modules")[0].GetProperty("symbols").ValueKind, "no --symbols: not searched");
    }
}
