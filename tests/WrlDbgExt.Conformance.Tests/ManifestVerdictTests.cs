using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>wrldbg weak</c> on every manifest object of a decoded flavour gives the manifest's state and counts;
/// the EXPECTED-MISSING list of flavours (expected-missing-flavours.txt) is kept current.
/// </summary>
[TestClass]
public class ManifestVerdictTests
{
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryDecodedObjectGetsItsManifestVerdict(string arch)
    {
        int checkedObjects = 0;
        foreach (var target in Require.DumpedTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            Assert.AreEqual(arch, manifest.Architecture);
            foreach (var o in Flavours.Decoded(manifest))
            {
                var mismatch = Decode(dump, arch, o);
                Assert.IsNull(mismatch, $"{arch} {target} {o.Name}: {mismatch}");
                checkedObjects++;
            }
        }
        Assert.IsTrue(checkedObjects >= 5, $"only {checkedObjects} decoded objects in the {arch} manifests");
    }

    /// <summary>
    /// The engine with the targets' PDBs: every decoded object's manifest facts through <c>!wrlweak</c> (without PDBs
    /// the extension's output equals the CLI's byte for byte: ExtensionInEngineTests). Commands run in one engine
    /// session per dump; the <c>-flavour</c> re-reads an undecided verdict needs run in a second. Engine-made dumps
    /// only: the writer-made twins' vtable pointers point into the image, not at the PDB's vftables, so with symbols
    /// they rightly read as no block.
    /// </summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryDecodedObjectGetsItsManifestVerdictInTheEngineWithPdbs(string arch)
    {
        Require.Extension();
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch).Where(t => !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var objects = Flavours.Decoded(FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"))).ToList();
            if (objects.Count == 0) continue;
            static string Bang(FixtureObject o, IReadOnlyList<string> options) =>
                (Flavours.IsBuffer(o) ? "!membuf" : "!wrlweak") + " -json " + string.Join(" ", options.Select(x => x.StartsWith("--", StringComparison.Ordinal) ? x[1..] : x));
            var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            FixtureObject current = objects[0];
            string Run(IReadOnlyList<string> options)
            {
                var command = Bang(current, options);
                if (outputs.TryGetValue(command, out var json)) return json;
                wanted.Add(command);
                throw new CommandFailed($"not run yet: {command}");
            }
            for (int pass = 0; pass < 3; pass++)
            {
                foreach (var o in objects) { current = o; Decode(arch, o, Run); }
                if (wanted.Count == 0) break;
                var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder(arch)], wanted.Prepend(ExtensionBuild.LoadCommand));
                Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
                foreach (var command in wanted) outputs[command] = engine.Output(command);
                wanted.Clear();
            }
            foreach (var o in objects)
            {
                current = o;
                var mismatch = Decode(arch, o, Run);
                Assert.IsNull(mismatch, $"{arch} {target} {o.Name} in the engine with PDBs: {mismatch}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 10, $"{arch}: compared {compared}");
        EngineCases.Record($"{nameof(ManifestVerdictTests)}.{nameof(EveryDecodedObjectGetsItsManifestVerdictInTheEngineWithPdbs)}.{arch}", compared);
    }

    /// <summary>
    /// Where x86 can run live, every x86 target has an engine-made dump and its own manifest, so the x86
    /// rows above decode real engine dumps and not only the writer-made twin.
    /// </summary>
    [TestMethod]
    public void EveryX86TargetIsDumpedByTheEngineWhereX86RunsLive()
    {
        Require.That(Prerequisites.X86Live);
        var exes = Directory.GetFiles(FixtureSet.Folder("x86"), "*.exe").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.IsTrue(exes.Count >= 2, $"only {exes.Count} x86 targets under {FixtureSet.Folder("x86")}");
        var dumped = Require.DumpedTargets("x86");
        foreach (var target in exes)
        {
            CollectionAssert.Contains(dumped.ToList(), target, $"x86 {target}: no engine-made dump with a manifest");
            Assert.AreEqual("x86", FixtureManifest.Load(FixtureSet.File("x86", target!, ".manifest.json")).Architecture);
        }
    }

    /// <summary>
    /// Fails when the list is stale: a listed flavour whose every object the CLI now decodes to its manifest
    /// facts, a manifest flavour that is neither decoded nor listed, or a listed flavour no manifest has.
    /// </summary>
    [TestMethod]
    public void TheExpectedMissingFlavourListIsCurrent()
    {
        var byFlavour = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        foreach (var arch in new[] { "x64", "x86" })
        {
            foreach (var target in Require.DumpedTargets(arch))
            {
                var dump = FixtureSet.File(arch, target, ".dmp");
                foreach (var o in FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json")).Objects.Where(o => o.Kind is null))
                {
                    if (!byFlavour.TryGetValue(o.Flavour, out var results)) byFlavour[o.Flavour] = results = [];
                    var mismatch = Decode(dump, arch, o);
                    results.Add(mismatch is null ? null : $"{arch} {target} {o.Name}: {mismatch}");
                }
            }
        }

        var problems = new List<string>();
        foreach (var (flavour, results) in byFlavour.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            bool decoded = results.All(r => r is null);
            if (decoded && !Flavours.IsDecoded(flavour))
                problems.Add($"'{flavour}' is decoded now ({results.Count} objects give their manifest facts): remove it from {Flavours.ListPath}");
            if (!decoded && Flavours.IsDecoded(flavour))
                problems.Add($"'{flavour}' is neither decoded nor listed as expected-missing: {results.First(r => r is not null)}");
        }
        foreach (var listed in Flavours.ExpectedMissing.Where(f => !byFlavour.ContainsKey(f)))
            problems.Add($"'{listed}' is listed as expected-missing but no manifest has it");
        Assert.IsTrue(byFlavour.Count >= 2, $"manifests name only {byFlavour.Count} flavours");
        Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
    }

    /// <summary>
    /// Null when the CLI's JSON gives the object's manifest facts (schema ids and counts, never report
    /// wording); otherwise what differs. Blocks: flavour, state, counts. Words (<c>--word</c>): mode, the
    /// count or the block address, and the block's flavour.
    /// </summary>
    internal static string? Decode(string dump, string arch, FixtureObject o) => Decode(arch, o, options =>
    {
        var r = CliRunner.Run([Flavours.CliCommand(o).Command, dump, .. options, "--json"]);
        return r.ExitCode == 0 ? r.Stdout : throw new CommandFailed($"exit {r.ExitCode}: {r.Stderr.Trim()}");
    });

    private sealed class CommandFailed(string message) : Exception(message);

    /// <summary>
    /// The same check on any host: <paramref name="run"/> runs the command with CLI-style options (<c>--word</c>,
    /// <c>--flavour ID</c>) and the address, and returns its JSON.
    /// </summary>
    internal static string? Decode(string arch, FixtureObject o, Func<IReadOnlyList<string>, string> run)
    {
        try
        {
            return DecodeWith(arch, o, run);
        }
        catch (CommandFailed e)
        {
            return e.Message;
        }
    }

    private static string? DecodeWith(string arch, FixtureObject o, Func<IReadOnlyList<string>, string> run)
    {
        var address = Hex.Pointer(o.Address, arch == "x64" ? 8 : 4);
        using var doc = JsonDocument.Parse(run(Flavours.IsWord(o) ? ["--word", address] : [address]));
        var root = doc.RootElement;
        string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

        if (Flavours.IsWord(o))
        {
            if (Str(root, "mode") != o.ExpectedState) return $"mode {Str(root, "mode")}, manifest {o.ExpectedState}";
            if (o.ExpectedState == "count")
                return o.Properties.TryGetValue("count", out var count) && Int(root, "count")?.ToString() != count ? $"count {Int(root, "count")}, manifest {count}" : null;
            var block = o.Properties.TryGetValue("controlBlock", out var cb) ? FixtureManifest.ParseHex(cb) : 0;
            var ours = Str(root, "controlBlockAddress");
            if (ours is null || FixtureManifest.ParseHex(ours) != block) return $"control block {ours}, manifest 0x{block:x}";
            var blockFlavour = root.TryGetProperty("controlBlock", out var b) && b.ValueKind == JsonValueKind.Object ? Str(b, "flavour") : null;
            var expected = o.Flavour.EndsWith("-word", StringComparison.Ordinal) ? o.Flavour[..^"-word".Length] : o.Flavour;
            return blockFlavour == expected ? null : $"block flavour {blockFlavour}, manifest {expected}";
        }
        if (Str(root, "state") != o.ExpectedState) return $"state {Str(root, "state")}, manifest {o.ExpectedState}";
        if (Str(root, "flavour") != o.Flavour)
        {
            if (!Undecided(root, o.Flavour)) return $"flavour {Str(root, "flavour")}, manifest {o.Flavour}";
            // The structure cannot tell the flavour: read as the manifest's, the block must give the manifest's facts.
            using var forcedDoc = JsonDocument.Parse(run(["--flavour", o.Flavour, address]));
            root = forcedDoc.RootElement.Clone();
            if (Str(root, "flavour") != o.Flavour || Str(root, "state") != o.ExpectedState)
                return $"--flavour {o.Flavour}: {Str(root, "flavour")} {Str(root, "state")}, manifest {o.ExpectedState}";
        }
        if (o.Strong is { } s && Int(root, "strongCount") != s) return $"strong {Int(root, "strongCount")}, manifest {s}";
        if (o.Weak is { } w && Int(root, "weakCount") != w) return $"weak {Int(root, "weakCount")}, manifest {w}";
        return Flavours.IsBuffer(o) ? BufferMismatch(root, o) : null;
    }

    /// <summary>The facts the memory_buffers target writes of each buffer and reference (tests/targets/memory_buffers).</summary>
    private static string? BufferMismatch(JsonElement root, FixtureObject o)
    {
        var p = o.Properties;
        string? Str(string name) => root.GetProperty(name).ValueKind == JsonValueKind.String ? root.GetProperty(name).GetString() : null;
        ulong Hexa(string name) => Str(name) is { } v ? FixtureManifest.ParseHex(v) : 0;
        bool? Flag(string name) => root.GetProperty(name).ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
        if (Hexa("data") != FixtureManifest.ParseHex(p["data"])) return $"data {Str("data")}, manifest {p["data"]}";
        if (root.GetProperty("capacity").ToString() != p["capacity"]) return $"capacity {root.GetProperty("capacity")}, manifest {p["capacity"]}";
        if (Hexa("stateAddress") != FixtureManifest.ParseHex(p["state"])) return $"state at {Str("stateAddress")}, manifest {p["state"]}";
        static bool Same(bool? ours, string manifest) => string.Equals(ours?.ToString(), manifest, StringComparison.OrdinalIgnoreCase);
        if (!Same(Flag("raisesClosedOnRelease"), p["raisesClosedOnRelease"])) return $"raises Closed on release {Flag("raisesClosedOnRelease")}, manifest {p["raisesClosedOnRelease"]}";
        // The findings, as reason codes: exactly the set the scenario says its moment has.
        var findings = root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("reason").GetProperty("code").GetString()).Order(StringComparer.Ordinal);
        var expectedFindings = p["findings"].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        if (!findings.SequenceEqual(expectedFindings)) return $"findings [{string.Join(",", findings)}], manifest [{string.Join(",", expectedFindings)}]";
        if (o.Flavour == "memory-buffer")
        {
            if (!Same(Flag("bufferClosed"), p["closed"])) return $"closed {Flag("bufferClosed")}, manifest {p["closed"]}";
            if (!Same(Flag("memoryFreed"), p["memoryFreed"])) return $"memory freed {Flag("memoryFreed")}, manifest {p["memoryFreed"]}";
            var references = string.Join(",", root.GetProperty("references").EnumerateArray().Select(r => FixtureManifest.ParseHex(r.GetProperty("address").GetString()!)));
            var expected = string.Join(",", p["references"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(FixtureManifest.ParseHex));
            if (references != expected) return $"open references {references}, manifest {expected}";
        }
        else
        {
            if (Hexa("buffer") != FixtureManifest.ParseHex(p["buffer"])) return $"buffer {Str("buffer")}, manifest {p["buffer"]}";
            var self = root.GetProperty("references")[0];
            int handlers = self.GetProperty("handlers").GetInt32();
            if (handlers.ToString() != p["handlers"]) return $"{handlers} handlers, manifest {p["handlers"]}";
            var listed = self.GetProperty("closedHandlers").EnumerateArray().Select(h => FixtureManifest.ParseHex(h.GetProperty("handler").GetString()!)).ToList();
            // A handler array the dump does not hold (the writer-made twins): the count is known, no registration is listed.
            bool captured = self.GetProperty("handlersCaptured").GetBoolean();
            if (!Same(captured, p.GetValueOrDefault("handlersCaptured", "true"))) return $"handlers captured {captured}, manifest {p.GetValueOrDefault("handlersCaptured", "true")}";
            if (listed.Count != (captured ? handlers : 0)) return $"{listed.Count} handlers listed of {handlers}";
            if (p.TryGetValue("closedHandler", out var handler))
            {
                var entry = self.GetProperty("closedHandlers").EnumerateArray().FirstOrDefault(h => FixtureManifest.ParseHex(h.GetProperty("handler").GetString()!) == FixtureManifest.ParseHex(handler));
                if (entry.ValueKind != JsonValueKind.Object) return $"handler {handler} not listed";
                // With symbols the handler's class is named by its vftable's public symbol; without, by nothing.
                string? vftable = entry.GetProperty("vftable").ValueKind == JsonValueKind.String ? entry.GetProperty("vftable").GetString() : null;
                string? expected = Str("identity") == "symbols" ? p["closedHandlerVfTable"] : null;
                if (vftable != expected) return $"handler vftable {vftable ?? "none"}, expected {expected ?? "none"}";
            }
            if (Hexa("handedOut") != FixtureManifest.ParseHex(p["handedOut"])) return $"handed out {Str("handedOut")}, manifest {p["handedOut"]}";
            // A kept data pointer: its holder is among those the stale-data search lists.
            if (p.TryGetValue("staleDataHolder", out var holder))
            {
                var stale = root.GetProperty("staleData");
                if (stale.ValueKind != JsonValueKind.Object) return "no stale-data search";
                if (!stale.GetProperty("holders").EnumerateArray().Any(h => FixtureManifest.ParseHex(h.GetProperty("address").GetString()!) == FixtureManifest.ParseHex(holder)))
                    return $"stale data holder {holder} not listed";
            }
        }
        return null;
    }

    /// <summary>
    /// Without symbols the structure cannot always tell the flavour: blocks of the same shape (C++/WinRT, windows-rs)
    /// only by a live target's back-link, and memory that is no block, only partly captured or corrupt may read as
    /// several. Then the verdict must say so: no flavour established (identity none), or the manifest's flavour among
    /// those the structure also fits or also reads as.
    /// </summary>
    private static bool Undecided(JsonElement root, string flavour)
    {
        var name = Core.Flavours.FlavourCatalog.ById(flavour)?.DisplayName;
        if (name is null || !root.TryGetProperty("identity", out var id)) return false;
        if (id.GetString() == "none") return true;
        return id.GetString() == "structure" && root.TryGetProperty("reasons", out var reasons) && reasons.EnumerateArray().Any(r =>
            r.GetProperty("code").GetString() is "structure-also-fits" or "structure-also-reads-as"
            && r.TryGetProperty("args", out var args) && args.TryGetProperty("flavours", out var f) && (f.GetString() ?? "").Split(" or ").Contains(name));
    }
}
