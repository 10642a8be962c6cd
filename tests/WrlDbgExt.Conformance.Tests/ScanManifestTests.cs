using WrlDbgExt.TestSupport.Fixtures;
using CoreFlavours = WrlDbgExt.Core.Flavours.FlavourCatalog;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>wrldbg scan</c> without symbols on the engine-made dumps finds exactly the control blocks the targets put there
/// (the manifest's blocks, tear-off faces aside, and the blocks its objects name), each with the manifest's state; a
/// target without weak references (memory_buffers) gives none.
/// </summary>
[TestClass]
public class ScanManifestTests
{
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void ScanFindsExactlyTheManifestsBlocks(string arch)
    {
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch).Where(t => !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var expected = ExpectedBlocks(FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json")));
            var r = CliRunner.Run("scan", dump, "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            var found = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("schema").GetString() == "wrldbg.weak-reference")
                .ToDictionary(e => FixtureManifest.ParseHex(e.GetProperty("address").GetString()!), e => (Flavour: e.GetProperty("flavour").GetString()!, State: e.GetProperty("state").GetString()!));
            CollectionAssert.AreEquivalent(expected.Keys.ToList(), found.Keys.ToList(),
                $"{arch} {target}: missed {string.Join(", ", expected.Keys.Except(found.Keys).Select(a => $"0x{a:x}"))}; extra {string.Join(", ", found.Keys.Except(expected.Keys).Select(a => $"0x{a:x}"))}");
            foreach (var (address, (flavour, state)) in expected)
            {
                Assert.AreEqual(flavour, found[address].Flavour, $"{arch} {target} 0x{address:x}");
                if (state is not null) Assert.AreEqual(state, found[address].State, $"{arch} {target} 0x{address:x}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 20, $"compared {compared} blocks");
    }

    /// <summary>
    /// The blocks a scan must list, with their flavour and (where the manifest says) state: the manifest's blocks,
    /// tear-off faces aside, and the blocks its objects name. Also what <c>!wrlscan</c> must list in the engine.
    /// </summary>
    internal static Dictionary<ulong, (string Flavour, string? State)> ExpectedBlocks(FixtureManifest manifest)
    {
        var expected = new Dictionary<ulong, (string Flavour, string? State)>();
        foreach (var o in manifest.Objects)
        {
            if (o.Kind is null && !o.Flavour.EndsWith("-word", StringComparison.Ordinal) && !o.Properties.ContainsKey("via") && o.Type is not null
                && Flavours.IsDecoded(o.Flavour) && CoreFlavours.ById(o.Flavour) is not null)
                expected[o.Address] = (o.Flavour, o.ExpectedState);
            if (o.Kind == "object" && o.Properties.TryGetValue("controlBlock", out var block) && block.StartsWith("0x", StringComparison.Ordinal))
                expected.TryAdd(FixtureManifest.ParseHex(block), (o.Flavour, null));
        }
        return expected;
    }

    /// <summary>The SARIF findings count what the manifest says is there: saturated, destroyed, dead targets kept.</summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void SarifFindingsAreTheManifestsStates(string arch)
    {
        var dump = Require.FixtureFile(arch, "weak_refs", ".dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File(arch, "weak_refs", ".manifest.json"));
        var blocks = manifest.Objects.Where(o => o.Kind is null && o.Type is not null && !o.Properties.ContainsKey("via")
            && CoreFlavours.ById(o.Flavour) is not null && Flavours.IsDecoded(o.Flavour)).ToList();
        var r = CliRunner.Run("scan", dump, "--sarif");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        using var sarif = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        int Count(string rule) => results.Count(x => x.GetProperty("ruleId").GetString() == rule);
        Assert.AreEqual(blocks.Count(b => b.ExpectedState == "saturated"), Count("saturated-block"));
        Assert.AreEqual(blocks.Count(b => b.ExpectedState == "control-block-destroyed"), Count("destroyed-block") + Count("destroyed-block-referenced"));
        Assert.AreEqual(0, Count("corrupt-block"), "the engine-made dumps hold no corrupt block");
        int deadTargets = results.Where(x => x.GetProperty("ruleId").GetString() == "dead-targets-kept")
            .Sum(x => int.Parse(x.GetProperty("message").GetProperty("text").GetString()!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual(blocks.Count(b => b.ExpectedState == "target-destroyed"), deadTargets);
    }

    private static IEnumerable<System.Text.Json.JsonElement> Documents(string stdout, string schema) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("schema").GetString() == schema);

    private static string? Str(System.Text.Json.JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    private static readonly string[] LiveTargetStates = ["alive", "saturated", "being-created"];

    /// <summary>
    /// Every manifest object (kind "object") is found at its start with its flavour, mode and state; any other object
    /// found is the live target of a manifest block (the manifest names the target, not as an object). With the PDBs the
    /// same: symbols confirm objects and drop freed objects' remains, they add none.
    /// </summary>
    [TestMethod]
    [DataRow("x64", false)]
    [DataRow("x86", false)]
    [DataRow("x64", true)]
    [DataRow("x86", true)]
    public void ScanFindsExactlyTheManifestsObjects(string arch, bool symbols)
    {
        var dump = Require.FixtureFile(arch, "weak_refs", ".dmp");
        var r = symbols ? CliRunner.Run("scan", dump, "--json", "--symbols", FixtureSet.Folder(arch)) : CliRunner.Run("scan", dump, "--json");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        CheckObjects(FixtureManifest.Load(FixtureSet.File(arch, "weak_refs", ".manifest.json")), r.Stdout, arch);
    }

    /// <summary>The objects of a scan's JSON lines (CLI or engine) against the manifest (see the test above).</summary>
    internal static void CheckObjects(FixtureManifest manifest, string jsonLines, string arch)
    {
        var found = Documents(jsonLines, "wrldbg.object").ToDictionary(e => FixtureManifest.ParseHex(Str(e, "objectStart")!));
        var objects = manifest.Objects.Where(o => o.Kind == "object").ToList();
        Assert.IsTrue(objects.Count >= 10, $"{objects.Count} manifest objects");
        foreach (var o in objects)
        {
            Assert.IsTrue(found.TryGetValue(o.Address, out var e), $"{arch}: {o.Name} at 0x{o.Address:x} not found");
            Assert.AreEqual(o.Flavour, Str(e, "flavour"), o.Name);
            Assert.AreEqual(o.Properties["mode"], Str(e, "mode"), o.Name);
            Assert.AreEqual(o.ExpectedState, Str(e, "state"), o.Name);
            Assert.AreEqual(FixtureManifest.ParseHex(o.Properties["word"]), FixtureManifest.ParseHex(Str(e, "wordAddress")!), o.Name);
        }
        var liveTargets = manifest.Objects.Where(o => o.Kind is null && LiveTargetStates.Contains(o.ExpectedState) && o.Properties.TryGetValue("target", out var t) && t != "0x0")
            .Select(o => FixtureManifest.ParseHex(o.Properties["target"])).ToHashSet();
        foreach (var (start, e) in found)
        {
            if (objects.Any(o => o.Address == start)) continue;
            ulong size = e.GetProperty("objectSize").ValueKind == System.Text.Json.JsonValueKind.Number ? e.GetProperty("objectSize").GetUInt64() : 0;
            Assert.IsTrue(liveTargets.Any(t => t >= start && t < start + Math.Max(size, 1)),
                $"{arch}: object at 0x{start:x} ({Str(e, "finding")}) is neither a manifest object nor a manifest block's live target");
        }
    }

    /// <summary>
    /// Every manifest buffer and reference is found with its state, and each one's findings are the manifest's; any
    /// other buffer object found is a reference the manifest's buffers list, or one of a manifest state (a
    /// reference or a destroyed buffer whose memory still names it).
    /// </summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void ScanFindsExactlyTheManifestsBuffers(string arch)
    {
        var dump = Require.FixtureFile(arch, "memory_buffers", ".dmp");
        var r = CliRunner.Run("scan", dump, "--json");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        CheckBuffers(FixtureManifest.Load(FixtureSet.File(arch, "memory_buffers", ".manifest.json")), r.Stdout, arch);
    }

    /// <summary>The buffers of a scan's JSON lines (CLI or engine) against the manifest (see the test above).</summary>
    internal static void CheckBuffers(FixtureManifest manifest, string jsonLines, string arch)
    {
        var found = Documents(jsonLines, "wrldbg.membuf").ToDictionary(e => FixtureManifest.ParseHex(Str(e, "objectStart")!));
        var findings = Documents(jsonLines, "wrldbg.scan-finding").ToLookup(e => FixtureManifest.ParseHex(Str(e, "address")!), e => Str(e, "rule")!);
        var entries = manifest.Objects.Where(o => o.Flavour.StartsWith("memory-buffer", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(entries.Count >= 10, $"{entries.Count} manifest buffers");
        foreach (var o in entries)
        {
            Assert.IsTrue(found.TryGetValue(o.Address, out var e), $"{arch}: {o.Name} at 0x{o.Address:x} not found");
            Assert.AreEqual(o.Flavour, Str(e, "flavour"), o.Name);
            Assert.AreEqual(o.ExpectedState, Str(e, "state"), o.Name);
            var want = o.Properties["findings"].Split(',', StringSplitOptions.RemoveEmptyEntries).Order().ToList();
            CollectionAssert.AreEqual(want, findings[o.Address].Order().ToList(), $"{arch} {o.Name}: findings");
        }
        var listed = entries.Where(o => o.Properties.ContainsKey("references"))
            .SelectMany(o => o.Properties["references"].Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(FixtureManifest.ParseHex).ToHashSet();
        var states = entries.Select(o => FixtureManifest.ParseHex(o.Properties["state"])).ToHashSet();
        foreach (var (start, e) in found)
        {
            if (entries.Any(o => o.Address == start)) continue;
            Assert.IsTrue(listed.Contains(start) || states.Contains(FixtureManifest.ParseHex(Str(e, "stateAddress")!)),
                $"{arch}: reference at 0x{start:x} is not a reference the manifest's buffers list, nor shares a manifest state");
        }
    }
}
