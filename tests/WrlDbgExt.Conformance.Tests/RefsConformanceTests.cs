using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Dumps;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>refs</c> / <c>!wrlrefs</c> on the engine-made dumps. Each scenario target copies every manifest address onto
/// its checkpoint thread's stack (tests/targets/common/manifest.h), so each must be found there. Manifest entries
/// with <c>"kind": "holder"</c> are planted holders: <c>address</c> (where), <c>value</c> (what it holds),
/// <c>holds</c> (the object entry's name), <c>holderKind</c> (<c>stack</c>, <c>global</c>, <c>heap</c>),
/// <c>strength</c> (<c>strong</c>: into the object; <c>weak</c>: the control block), <c>thread</c> and <c>frame</c>
/// (stack holders: the holding thread and its function), <c>symbol</c> (globals). Expected values come only from
/// the manifests.
/// </summary>
[TestClass]
public class RefsConformanceTests
{
    private sealed record Hit(ulong Address, ulong Value, string Part, string Place, long? Thread, long? AboveSp, string? Symbol, string? Frame);

    private static List<Hit> Holders(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.AreEqual("wrldbg.refs", root.GetProperty("schema").GetString(), json);
        static long? Int(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetInt64() : null;
        static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return [.. root.GetProperty("holders").EnumerateArray().Select(h => new Hit(
            FixtureManifest.ParseHex(h.GetProperty("address").GetString()!),
            FixtureManifest.ParseHex(h.GetProperty("value").GetString()!),
            h.GetProperty("part").GetString()!,
            h.GetProperty("place").GetString()!,
            Int(h, "thread"),
            Int(h, "aboveStackPointer"),
            Str(h, "symbol"),
            h.GetProperty("frame").ValueKind == JsonValueKind.Object ? Str(h.GetProperty("frame"), "symbol") : null))];
    }

    private static IEnumerable<string> ScenarioTargets(string arch) =>
        Require.DumpedTargets(arch).Where(t => FixtureManifest.Load(FixtureSet.File(arch, t, ".manifest.json")).Objects.Any(o => o.Kind == "holder"));

    /// <summary>Every address the target put on its stack: blocks, words and objects, and block targets (not holder entries).</summary>
    private static IEnumerable<ulong> StackedAddresses(FixtureManifest manifest) =>
        manifest.Objects.Where(o => o.Kind != "holder")
            .SelectMany(o => o.Properties.TryGetValue("target", out var t) && t.StartsWith("0x", StringComparison.Ordinal) && FixtureManifest.ParseHex(t) != 0
                ? new[] { o.Address, FixtureManifest.ParseHex(t) }
                : [o.Address])
            .Distinct();

    private static IEnumerable<FixtureObject> PlantedHolders(FixtureManifest manifest) => manifest.Objects.Where(o => o.Kind == "holder");

    /// <summary>The object a holder entry holds: the manifest entry its <c>holds</c> names.</summary>
    private static FixtureObject HeldObject(FixtureManifest manifest, FixtureObject holder) =>
        manifest.Objects.Single(o => o.Name == holder.Properties["holds"]);

    private static string PlaceOf(string holderKind) => holderKind switch { "stack" => "stack", "global" => "image", "heap" => "other", _ => throw new InvalidDataException(holderKind) };

    private static string PartOf(string strength) => strength switch { "strong" => "object", "weak" => "control-block", _ => throw new InvalidDataException(strength) };

    /// <summary>What the manifest says about a planted holder that a hit must match; null when it does.</summary>
    private static string? Mismatch(FixtureObject holder, Hit? hit)
    {
        if (hit is null) return "not found";
        var p = holder.Properties;
        if (hit.Value != FixtureManifest.ParseHex(p["value"])) return $"value 0x{hit.Value:x}";
        if (hit.Place != PlaceOf(p["holderKind"])) return $"place {hit.Place}";
        if (hit.Part != PartOf(p["strength"])) return $"part {hit.Part}";
        if (p["holderKind"] == "stack" && hit.Thread != (long)FixtureManifest.ParseHex(p["thread"])) return $"thread {hit.Thread}";
        return null;
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryManifestAddressIsOnTheCheckpointStackAndEveryPlantedHolderIsFoundWithItsKind(string arch)
    {
        int ptr = arch == "x64" ? 8 : 4;
        int checkedAddresses = 0, checkedHolders = 0;
        foreach (var target in ScenarioTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            uint checkpoint;
            using (var opened = MinidumpTarget.Open(dump))
                checkpoint = opened.Summary.Exception?.ThreadId ?? opened.Threads[0].Id; // the breakpoint at Checkpoint
            foreach (var address in StackedAddresses(manifest))
            {
                var run = CliRunner.Run("refs", dump, Hex.Pointer(address, ptr), "--json");
                Assert.AreEqual(0, run.ExitCode, run.Stderr);
                var hits = Holders(run.Stdout);
                Assert.IsTrue(hits.Any(h => h.Place == "stack" && h.Thread == checkpoint && h.Value == address && h.AboveSp >= 0),
                    $"{arch} {target}: no stack holder of 0x{address:x} above the stack pointer of thread 0x{checkpoint:x}:\n{run.Stdout}");
                checkedAddresses++;
            }
            foreach (var holder in PlantedHolders(manifest))
            {
                var held = HeldObject(manifest, holder);
                var run = CliRunner.Run("refs", dump, Hex.Pointer(held.Address, ptr), "--json");
                Assert.AreEqual(0, run.ExitCode, run.Stderr);
                var mismatch = Mismatch(holder, Holders(run.Stdout).SingleOrDefault(h => h.Address == holder.Address));
                Assert.IsNull(mismatch, $"{arch} {target} {holder.Name} at 0x{holder.Address:x}: {mismatch}\n{run.Stdout}");
                checkedHolders++;
            }
        }
        Assert.IsTrue(checkedAddresses >= 10, $"{arch}: only {checkedAddresses} manifest addresses checked");
        Assert.IsTrue(checkedHolders >= 4, $"{arch}: only {checkedHolders} planted holders checked");
    }

    /// <summary>
    /// What refs says of the object itself must be the manifest's: strong count and, in pointer mode, the block's state.
    /// windows-rs objects in count mode have no shape to be found by (ObjectManifestTests.NoShapeNoVftables).
    /// </summary>
    private static string? ObjectMismatch(string json, FixtureObject o)
    {
        using var doc = JsonDocument.Parse(json);
        var obj = doc.RootElement.GetProperty("object");
        var strong = obj.GetProperty("strongCount");
        if (o.Strong is { } s && (strong.ValueKind != JsonValueKind.Number || strong.GetInt32() != s)) return $"strong {strong}, manifest {s}";
        if (o.Properties["mode"] == "pointer")
        {
            if (obj.GetProperty("controlBlock").GetString() is not { } block || FixtureManifest.ParseHex(block) != FixtureManifest.ParseHex(o.Properties["controlBlock"]))
                return $"block {obj.GetProperty("controlBlock")}, manifest {o.Properties["controlBlock"]}";
            if (obj.GetProperty("controlBlockState").GetString() != o.ExpectedState) return $"state {obj.GetProperty("controlBlockState")}, manifest {o.ExpectedState}";
        }
        return null;
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryManifestObjectGivesItsCountsAndBlockThroughRefsInTheCli(string arch)
    {
        int ptr = arch == "x64" ? 8 : 4;
        int checkedObjects = 0;
        foreach (var target in Require.DumpedTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            foreach (var o in FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json")).Objects.Where(o => o.Kind == "object" && (o.Flavour != "windows-rs" || o.Properties["mode"] == "pointer")))
            {
                var run = CliRunner.Run("refs", dump, Hex.Pointer(o.Address, ptr), "--json");
                Assert.AreEqual(0, run.ExitCode, run.Stderr);
                var mismatch = ObjectMismatch(run.Stdout, o);
                Assert.IsNull(mismatch, $"{arch} {target} {o.Name}: {mismatch}");
                checkedObjects++;
            }
        }
        Assert.IsTrue(checkedObjects >= 8, $"{arch}: {checkedObjects} objects");
    }

    [TestMethod]
    [DataRow("x64", true)]
    [DataRow("x64", false)]
    [DataRow("x86", true)]
    [DataRow("x86", false)]
    public void TheEngineFindsTheSameHoldersAsTheCliAndNamesGlobalsAndFrames(string arch, bool withPdbs)
    {
        Require.Extension();
        int ptr = arch == "x64" ? 8 : 4;
        int compared = 0, named = 0;
        foreach (var target in ScenarioTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            // Objects and their interface pointers (what refs is for): there both hosts find the same object. On a block
            // the engine's PDB may type it as an object of its own (WRL's WeakReferenceImpl has a refCount_).
            var addresses = manifest.Objects.Where(o => o.Kind == "object")
                .SelectMany(ObjectManifestTests.Pointers)
                .Distinct().ToList();
            var commands = addresses.Select(a => "!wrlrefs -json " + Hex.Pointer(a, ptr)).ToList();
            var engine = EngineRunner.Run(["--dump", dump, "--sympath", withPdbs ? FixtureSet.Folder(arch) : FixtureSet.NoSymbolsFolder()],
                commands.Prepend(ExtensionBuild.LoadCommand));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            foreach (var o in manifest.Objects.Where(o => o.Kind == "object" && (o.Flavour != "windows-rs" || o.Properties["mode"] == "pointer")))
            {
                var mismatch = ObjectMismatch(engine.Output("!wrlrefs -json " + Hex.Pointer(o.Address, ptr)), o);
                Assert.IsNull(mismatch, $"{arch} {target} {o.Name} in the engine (PDBs: {withPdbs}): {mismatch}");
            }
            string[] symbols = withPdbs ? ["--symbols", FixtureSet.Folder(arch)] : [];
            foreach (var (address, command) in addresses.Zip(commands))
            {
                var ours = Holders(CliRunner.Run(["refs", dump, Hex.Pointer(address, ptr), "--json", .. symbols]).Stdout);
                var theirs = Holders(engine.Output(command));
                // Where each holder is, and the symbol of a module-data holder (the CLI's PDB reader and the engine's
                // symbols name the same global), must be the same; frames are the engine's (it unwinds, the CLI guesses).
                Assert.AreEqual(
                    string.Join("\n", ours.Select(h => h with { Frame = null })),
                    string.Join("\n", theirs.Select(h => h with { Frame = null })),
                    $"{arch} {target} 0x{address:x} (PDBs: {withPdbs})");
                compared++;
            }
            foreach (var holder in PlantedHolders(manifest))
            {
                var command = "!wrlrefs -json " + Hex.Pointer(HeldObject(manifest, holder).Address, ptr);
                var hit = Holders(engine.Output(command)).SingleOrDefault(h => h.Address == holder.Address);
                var mismatch = Mismatch(holder, hit);
                Assert.IsNull(mismatch, $"{arch} {target} {holder.Name} in the engine: {mismatch}");
                var p = holder.Properties;
                // The engine names a global module!symbol and a stack holder's frame module!function+0xN.
                if (!withPdbs)
                {
                    Assert.IsNull(hit!.Symbol, $"{arch} {target} {holder.Name}: a symbol without PDBs");
                }
                else if (p["holderKind"] == "global")
                    Assert.AreEqual($"{manifest.Module}!{p["symbol"]}", hit!.Symbol, $"{arch} {target} {holder.Name}");
                else if (p["holderKind"] == "stack")
                    StringAssert.StartsWith(hit!.Frame ?? "", $"{manifest.Module}!{p["frame"]}+0x", $"{arch} {target} {holder.Name}");
                named++;
            }
        }
        Assert.IsTrue(named >= 4, $"{arch}: only {named} planted holders named");
        EngineCases.Record($"{nameof(RefsConformanceTests)}.{nameof(TheEngineFindsTheSameHoldersAsTheCliAndNamesGlobalsAndFrames)}.{arch}.{(withPdbs ? "pdb" : "nopdb")}", compared + named);
    }

    /// <summary>The engine's own <c>r</c> of every thread: (OS thread id, register, value) for the general-purpose registers.</summary>
    private static List<(long Thread, string Register, ulong Value)> EngineRegisters(string dump, string arch)
    {
        var list = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.NoSymbolsFolder()], ["~"]);
        var ids = System.Text.RegularExpressions.Regex.Matches(list.Output("~"), @"^\W*(\d+)\s+Id: [0-9a-f]+\.([0-9a-f]+)", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => (Index: m.Groups[1].Value, Os: Convert.ToInt64(m.Groups[2].Value, 16))).ToList();
        Assert.IsTrue(ids.Count >= 2, list.Output("~"));
        var commands = ids.SelectMany(t => new[] { $"~{t.Index}s", $"r; $$ {t.Index}" }).ToList();
        var run = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.NoSymbolsFolder()], commands);
        var names = arch == "x64" ? Core.Targets.GeneralRegisters.X64 : Core.Targets.GeneralRegisters.X86;
        var result = new List<(long, string, ulong)>();
        foreach (var t in ids)
        {
            var text = run.Output($"r; $$ {t.Index}");
            foreach (var name in names)
            {
                var m = System.Text.RegularExpressions.Regex.Match(text, $@"(?<![a-z0-9]){name}=([0-9a-f]+)");
                Assert.IsTrue(m.Success, $"no {name} in the engine's r:\n{text}");
                result.Add((t.Os, name, Convert.ToUInt64(m.Groups[1].Value, 16)));
            }
        }
        return result;
    }

    private static List<(long Thread, string Register, ulong Value)> RegisterHits(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("registers").EnumerateArray().Select(r => (
            r.GetProperty("thread").GetInt64(), r.GetProperty("register").GetString()!, FixtureManifest.ParseHex(r.GetProperty("value").GetString()!)))];
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryRegisterTheEngineShowsIsFoundAsAHolderOfItsValue(string arch)
    {
        // Oracle: the engine's r. For each register value that could be a pointer, refs of that value must name every
        // register holding it, in the CLI (from the dump's contexts) and in the extension (from the engine).
        Require.Extension();
        int ptr = arch == "x64" ? 8 : 4;
        int compared = 0;
        foreach (var target in ScenarioTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var registers = EngineRegisters(dump, arch);
            ulong userEnd = arch == "x64" ? 0x0000_8000_0000_0000UL : 0x1_0000_0000UL; // where refs searches (docs/debugger-engine.md §14.1)
            var values = registers.Select(r => r.Value).Where(v => v >= 0x10000 && v < userEnd).Distinct().ToList();
            Assert.IsTrue(values.Count > 0, $"{arch} {target}: no register holds an address");
            var commands = values.Select(v => "!wrlrefs -json " + Hex.Pointer(v, ptr)).ToList();
            var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.NoSymbolsFolder()], commands.Prepend(ExtensionBuild.LoadCommand));
            foreach (var (value, command) in values.Zip(commands))
            {
                var expected = registers.Where(r => r.Value == value).Select(r => (r.Thread, r.Register)).ToHashSet();
                var cli = CliRunner.Run("refs", dump, Hex.Pointer(value, ptr), "--json");
                Assert.AreEqual(0, cli.ExitCode, cli.Stderr);
                foreach (var (host, json) in new[] { ("CLI", cli.Stdout), ("engine", engine.Output(command)) })
                {
                    var hits = RegisterHits(json).Select(h => (h.Thread, h.Register)).ToHashSet();
                    Assert.IsTrue(hits.IsSupersetOf(expected), $"{arch} {target} {host} 0x{value:x}: registers {string.Join(",", hits)}, the engine's r shows {string.Join(",", expected)}");
                }
                Assert.AreEqual(
                    string.Join(",", RegisterHits(cli.Stdout).Order()), string.Join(",", RegisterHits(engine.Output(command)).Order()),
                    $"{arch} {target} 0x{value:x}: the CLI and the engine see the same registers");
                compared++;
            }
        }
        EngineCases.Record($"{nameof(RefsConformanceTests)}.{nameof(EveryRegisterTheEngineShowsIsFoundAsAHolderOfItsValue)}.{arch}", compared);
    }
}
