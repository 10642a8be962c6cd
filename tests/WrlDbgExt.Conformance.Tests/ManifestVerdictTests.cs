using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary><c>wrldbg weak</c> on every manifest object of the engine-made dumps gives the manifest's verdict and counts.</summary>
[TestClass]
public class ManifestVerdictTests
{
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryWrlObjectGetsItsManifestVerdict(string arch)
    {
        int checkedObjects = 0;
        foreach (var target in Require.DumpedTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            Assert.AreEqual(arch, manifest.Architecture);
            foreach (var o in manifest.Objects.Where(o => o.Flavour == "wrl"))
            {
                var r = CliRunner.Run("weak", dump, Hex.Pointer(o.Address, arch == "x64" ? 8 : 4), "--json");
                Assert.AreEqual(0, r.ExitCode, $"{target} {o.Name}: {r.Stderr}");
                using var doc = JsonDocument.Parse(r.Stdout);
                var root = doc.RootElement;
                Assert.AreEqual(o.ExpectedState, root.GetProperty("state").GetString(), $"{arch} {target} {o.Name}: {r.Stdout}");
                if (o.Strong is { } s) Assert.AreEqual(s, root.GetProperty("strongCount").GetInt32(), $"{o.Name} strong");
                if (o.Weak is { } w) Assert.AreEqual(w, root.GetProperty("weakCount").GetInt32(), $"{o.Name} weak");
                checkedObjects++;
            }
        }
        Assert.IsTrue(checkedObjects >= 5, $"only {checkedObjects} WRL objects in the {arch} manifests");
    }
}
