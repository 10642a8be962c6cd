using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>obj</c> on every manifest object (<c>"kind": "object"</c>), from its start and from each of its interface
/// pointers: the flavour, start, word, mode, state and counts the target wrote, in the CLI (no symbols) and in the
/// real engine with and without the targets' PDBs. Expected values come only from the manifests.
/// </summary>
[TestClass]
public class ObjectManifestTests
{
    /// <summary>
    /// Test-owned: flavours whose count-mode objects have no shape of their own (windows-rs keeps its count after the
    /// user's data, docs/winrt-internals.md §5). Without symbols the answer is either "no count word found" or another
    /// flavour's shape that the object happens to share, found by shape and then right about the word and count.
    /// Their vtables are Rust statics, not C++ vftables, so symbols never name the class either.
    /// </summary>
    private static readonly HashSet<string> NoShapeNoVftables = new(StringComparer.Ordinal) { "windows-rs" };

    private static IEnumerable<(string Dump, FixtureObject Object)> Objects(string arch)
    {
        foreach (var target in Require.DumpedTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            foreach (var o in FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json")).Objects)
                if (o.Kind == "object") yield return (dump, o);
        }
    }

    /// <summary>A manifest object's start and every interface pointer into it.</summary>
    internal static IEnumerable<ulong> Pointers(FixtureObject o) =>
        o.Properties["interfaces"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(FixtureManifest.ParseHex).Prepend(o.Address).Distinct();

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryManifestObjectGivesItsFactsThroughTheCli(string arch)
    {
        int ptr = arch == "x64" ? 8 : 4;
        int checkedPointers = 0, objects = 0;
        foreach (var (dump, o) in Objects(arch))
        {
            objects++;
            foreach (var p in Pointers(o))
            {
                var r = CliRunner.Run("obj", dump, Hex.Pointer(p, ptr), "--json");
                Assert.AreEqual(0, r.ExitCode, $"{arch} {o.Name} {p:x}: {r.Stderr}");
                var mismatch = Mismatch(r.Stdout, o, symbols: false);
                Assert.IsNull(mismatch, $"{arch} {o.Name} from 0x{p:x}: {mismatch}\n{r.Stdout}");
                checkedPointers++;
            }
        }
        Assert.IsTrue(objects >= 5, $"only {objects} manifest objects for {arch}");
        Assert.IsTrue(checkedPointers > objects, $"{checkedPointers} pointers for {objects} objects: interface pointers missing");
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void WeakOnAnObjectSaysItIsNoBlockAndPointsToObj(string arch)
    {
        // Objects in pointer mode have a word linking to their block (manifest "mode"): weak must not read the object
        // as a block of any flavour, from its start or any interface pointer, and must hint obj with that word.
        int ptr = arch == "x64" ? 8 : 4;
        int checkedPointers = 0;
        foreach (var (dump, o) in Objects(arch).Where(x => x.Object.Properties["mode"] == "pointer"))
        {
            foreach (var p in Pointers(o))
            {
                var r = CliRunner.Run("weak", dump, Hex.Pointer(p, ptr), "--json");
                Assert.AreEqual(0, r.ExitCode, r.Stderr);
                using var doc = JsonDocument.Parse(r.Stdout);
                Assert.AreEqual("not-a-control-block", doc.RootElement.GetProperty("state").GetString(), $"{arch} {o.Name} from 0x{p:x}");
                var hint = doc.RootElement.GetProperty("reasons").EnumerateArray().SingleOrDefault(x => x.GetProperty("code").GetString() == "hint-object-word");
                Assert.AreEqual(JsonValueKind.Object, hint.ValueKind, $"{arch} {o.Name} from 0x{p:x}: no obj hint\n{r.Stdout}");
                StringAssert.Contains(hint.GetProperty("text").GetString(), Hex.Pointer(FixtureManifest.ParseHex(o.Properties["word"]), ptr), $"{arch} {o.Name}");
                checkedPointers++;
            }
        }
        Assert.IsTrue(checkedPointers >= 5, $"{arch}: {checkedPointers} pointers");
    }

    [TestMethod]
    [DataRow("x64", true)]
    [DataRow("x64", false)]
    [DataRow("x86", true)]
    [DataRow("x86", false)]
    public void EveryManifestObjectGivesItsFactsInTheEngine(string arch, bool withPdbs)
    {
        Require.Extension();
        int ptr = arch == "x64" ? 8 : 4;
        int compared = 0;
        foreach (var group in Objects(arch).GroupBy(x => x.Dump))
        {
            var commands = group.SelectMany(x => Pointers(x.Object).Select(p => (x.Object, Command: $"!wrlobj -json {Hex.Pointer(p, ptr)}"))).ToList();
            var sympath = withPdbs ? Path.GetDirectoryName(group.Key)! : FixtureSet.NoSymbolsFolder();
            var engine = EngineRunner.Run(["--dump", group.Key, "--sympath", sympath], commands.Select(c => c.Command).Prepend(ExtensionBuild.LoadCommand));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            foreach (var (o, command) in commands)
            {
                var mismatch = Mismatch(engine.Output(command), o, withPdbs);
                Assert.IsNull(mismatch, $"{arch} {o.Name} {command} (PDBs: {withPdbs}): {mismatch}\n{engine.Output(command)}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 5, $"compared {compared}");
        EngineCases.Record($"{nameof(ObjectManifestTests)}.{nameof(EveryManifestObjectGivesItsFactsInTheEngine)}.{arch}.{(withPdbs ? "pdb" : "nopdb")}", compared);
    }

    /// <summary>Null when the JSON gives the manifest's facts; otherwise what differs.</summary>
    internal static string? Mismatch(string json, FixtureObject o, bool symbols)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int? Int(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        string mode = o.Properties["mode"];
        bool shapeless = NoShapeNoVftables.Contains(o.Flavour);
        if (shapeless && mode == "count")
        {
            if (Str("finding") == "not-found") return null;
            if (Str("finding") != "shape") return $"finding {Str("finding")}: a {o.Flavour} count-mode object has only another flavour's shape to be found by";
        }
        else if (Str("flavour") != o.Flavour) return $"flavour {Str("flavour")}, manifest {o.Flavour}";
        if (Str("objectStart") is not { } start || FixtureManifest.ParseHex(start) != o.Address) return $"object start {Str("objectStart")}, manifest 0x{o.Address:x}";
        var word = FixtureManifest.ParseHex(o.Properties["word"]);
        if (Str("wordAddress") is not { } w || FixtureManifest.ParseHex(w) != word) return $"word {Str("wordAddress")}, manifest 0x{word:x}";
        if (Str("mode") != mode) return $"mode {Str("mode")}, manifest {mode}";
        if (Str("state") != o.ExpectedState) return $"state {Str("state")}, manifest {o.ExpectedState}";
        if (o.Strong is { } s && Int("strongCount") != s) return $"strong {Int("strongCount")}, manifest {s}";
        if (o.Weak is { } wk && Int("weakCount") != wk) return $"weak {Int("weakCount")}, manifest {wk}";
        if (mode == "pointer")
        {
            var block = FixtureManifest.ParseHex(o.Properties["controlBlock"]);
            var ours = root.TryGetProperty("controlBlock", out var b) && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("address", out var a) ? a.GetString() : null;
            if (ours is null || FixtureManifest.ParseHex(ours) != block) return $"control block {ours}, manifest 0x{block:x}";
        }
        if (symbols && !shapeless && Str("finding") != "symbols") return $"found by {Str("finding")} although the PDB is loaded";
        return null;
    }
}
