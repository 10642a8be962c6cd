using System.Globalization;
using System.Text.RegularExpressions;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// The engine target's memory map (EngineTarget as IMemoryRegions, from IDebugDataSpaces2::QueryVirtual) in
/// the real engine, through the engine probe (scripts/build-engine-probe.sh: the real loader in front of
/// the adapter's sources, whose <c>!wrlweak</c> prints the regions).
/// </summary>
[TestClass]
public partial class EngineRegionsTests
{
    [GeneratedRegex(@"^region 0x(?<start>[0-9a-f]+) 0x(?<size>[0-9a-f]+) 0x(?<available>[0-9a-f]+)$", RegexOptions.Multiline)]
    private static partial Regex RegionLine();

    [TestMethod]
    public void EveryManifestObjectIsInAnEngineRegion()
    {
        Require.Engine();
        Require.That(Prerequisites.EngineProbe);
        var dump = Require.FixtureFile("x64", "weak_refs", ".dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json"));
        var load = ".load " + ExtensionBuild.WindowsPath(Path.Combine(Prerequisites.EngineProbe.Path!, "wrldbgext.dll"));
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")], [load, "!wrlweak"]);
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
        var output = engine.Output("!wrlweak");

        static ulong Hex(Match m, string group) => ulong.Parse(m.Groups[group].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var regions = RegionLine().Matches(output).Select(m => (Start: Hex(m, "start"), Size: Hex(m, "size"), Available: Hex(m, "available"))).ToList();
        StringAssert.StartsWith(output, $"regions {regions.Count}\n", "nothing but the probe's lines: the walk's engine chatter is muted");
        Assert.IsTrue(regions.Count >= 1, output);
        for (int i = 0; i < regions.Count; i++)
        {
            Assert.IsTrue(regions[i].Size > 0 && regions[i].Available == regions[i].Size, $"region {i}: {output}");
            if (i > 0) Assert.IsTrue(regions[i].Start >= regions[i - 1].Start + regions[i - 1].Size, $"regions {i - 1}, {i} overlap or are out of order:\n{output}");
        }

        int found = 0;
        foreach (var o in manifest.Objects)
        {
            Assert.IsTrue(regions.Any(r => o.Address >= r.Start && o.Address - r.Start < r.Size), $"{o.Name} at 0x{o.Address:x} is in no region:\n{output}");
            found++;
        }
        Assert.AreEqual(manifest.Objects.Count, found);
        EngineCases.Record($"{nameof(EngineRegionsTests)}.{nameof(EveryManifestObjectIsInAnEngineRegion)}", found);
    }
}
