using System.Globalization;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// The extension's data models in the real engine (issue 10): <c>dx</c> on every manifest object shows the manifest's
/// state through our visualizers (typed, with the PDBs) and through <c>@$wrl</c> (without them); LINQ over
/// <c>@$wrl.Refs</c> finds the manifest's holders; hostile queries get an error, not a crash; <c>.unload</c> removes the
/// registrations, a held variable survives it, <c>.load</c> registers again. Expected values come from the manifests.
/// </summary>
[TestClass]
public class DataModelInEngineTests
{
    private static string Hex(ulong a) => "0x" + a.ToString("x", CultureInfo.InvariantCulture);

    /// <summary>The value of <c>dx -r0 EXPR</c>: what follows "EXPR : ".</summary>
    private static string Value(EngineRunner.Result run, string command)
    {
        var output = run.Output(command).TrimEnd('\n');
        string expression = command["dx -r0 ".Length..];
        return output.StartsWith(expression + " : ", StringComparison.Ordinal) ? output[(expression.Length + 3)..].Trim() : $"<{output}>";
    }

    /// <summary>dx prints numbers in hex or decimal by their type: both become decimal here.</summary>
    private static string Normalised(string value) =>
        value.StartsWith("0x", StringComparison.Ordinal) && ulong.TryParse(value[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : value;

    /// <summary>(command, expected value) for every decoded manifest object; typed through its PDB type when <paramref name="typed"/>.</summary>
    private static IEnumerable<(string Command, string Expected, string Name)> Queries(FixtureManifest manifest, bool typed)
    {
        string module = manifest.Module;
        foreach (var o in manifest.Objects)
        {
            string at = Hex(o.Address);
            if (o.Kind == "object" && Flavours.IsDecoded(o.Flavour))
            {
                bool pointer = o.Properties.TryGetValue("mode", out var mode) && mode == "pointer";
                // windows-rs count-mode objects have no shape of their own (ObjectManifestTests.NoShapeNoVftables): their flavour may read as another's.
                if (pointer || o.Flavour != "windows-rs") yield return ($"dx -r0 @$wrl.Object({at}).Flavour", o.Flavour, o.Name);
                yield return ($"dx -r0 @$wrl.Object({at}).WeakReference.State", pointer ? o.ExpectedState : "no-weak-reference", o.Name);
                if (!pointer && o.Strong is { } strong)
                    yield return ($"dx -r0 @$wrl.Object({at}).WeakReference.StrongReferences", strong.ToString(CultureInfo.InvariantCulture), o.Name);
                // The extension on the object's own type (its base class's signature): windows-rs objects have no C++ base to extend.
                if (typed && o.Type is not null && o.Flavour != "windows-rs")
                    yield return ($"dx -r0 (*({module}!{o.Type}*){at}).WeakReference.State", pointer ? o.ExpectedState : "no-weak-reference", o.Name);
                continue;
            }
            if (o.Kind is not null || !Flavours.IsDecoded(o.Flavour) || Flavours.IsWord(o)) continue;
            bool viaType = typed && o.Type is not null && !o.Properties.ContainsKey("via");
            string subject = viaType ? $"(*({module}!{o.Type}*){at})"
                : Flavours.IsBuffer(o) ? $"@$wrl.Buffer({at})" : $"@$wrl.Weak({at}, \"{o.Flavour}\")";
            yield return ($"dx -r0 {subject}.State", o.ExpectedState, o.Name);
            if (Flavours.IsBuffer(o))
                yield return ($"dx -r0 {subject}.Capacity", o.Properties["capacity"], o.Name);
            else if (o.Strong is { } s && o.ExpectedState is "alive" or "target-destroyed")
                yield return ($"dx -r0 {subject}.StrongReferences", s.ToString(CultureInfo.InvariantCulture), o.Name);
        }
    }

    [TestMethod]
    [DataRow("x64", true)]
    [DataRow("x64", false)]
    [DataRow("x86", true)]
    [DataRow("x86", false)]
    public void EveryManifestObjectShowsItsStateThroughTheModels(string arch, bool pdbs)
    {
        Require.Extension();
        int compared = 0;
        // With PDBs the engine types the objects (the writer-made twins' fake vtables are no PDB type's): engine-made only.
        foreach (var target in Require.DumpedTargets(arch).Where(t => !pdbs || !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            var queries = Queries(manifest, typed: pdbs).ToList();
            if (queries.Count == 0) continue;
            var run = EngineRunner.Run(["--dump", FixtureSet.File(arch, target, ".dmp"), "--sympath", pdbs ? FixtureSet.Folder(arch) : FixtureSet.NoSymbolsFolder()],
                queries.Select(q => q.Command).Prepend(ExtensionBuild.LoadCommand));
            Assert.AreEqual(0, run.ExitCode, run.Stderr);
            foreach (var (command, expected, name) in queries)
            {
                Assert.AreEqual(expected, Normalised(Value(run, command)), $"{arch} {target} {name} ({(pdbs ? "PDBs" : "no PDBs")}): {command}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 20, $"compared {compared}");
        EngineCases.Record($"{nameof(DataModelInEngineTests)}.{nameof(EveryManifestObjectShowsItsStateThroughTheModels)}.{arch}.{(pdbs ? "pdbs" : "nopdbs")}", compared);
    }

    /// <summary>
    /// LINQ over <c>@$wrl.Refs</c>: every stack, heap and global holder the weak_refs target planted (its manifest's
    /// holder entries) is one element whose Address is the holder's, with the place the manifest says.
    /// </summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void ALinqQueryOverRefsFindsTheManifestHolders(string arch)
    {
        Require.Extension();
        var manifest = FixtureManifest.Load(FixtureSet.File(arch, "weak_refs", ".manifest.json"));
        var holders = manifest.Objects.Where(o => o.Kind == "holder" && o.Properties["holderKind"] is "stack" or "heap" or "global").ToList();
        Assert.IsTrue(holders.Count >= 6, $"{holders.Count} planted holders");
        string Query(FixtureObject h)
        {
            var held = manifest.Objects.Single(o => o.Name == h.Properties["holds"]);
            string place = h.Properties["holderKind"] switch { "stack" => "Stack", "heap" => "Other", _ => "Image" };
            return $"dx -r0 @$wrl.Refs({Hex(held.Address)}).Where(h => h.Address == {Hex(h.Address)} && h.Place == \"{place}\").Count()";
        }
        var commands = holders.Select(Query).ToList();
        var run = EngineRunner.Run(["--dump", Require.FixtureFile(arch, "weak_refs", ".dmp"), "--sympath", FixtureSet.Folder(arch)],
            commands.Prepend(ExtensionBuild.LoadCommand));
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        foreach (var (holder, command) in holders.Zip(commands))
            Assert.AreEqual("1", Normalised(Value(run, command)), $"{arch} {holder.Name}: {command}");
        // Select projects and iterates: as many places as elements.
        var first = manifest.Objects.Single(o => o.Name == holders[0].Properties["holds"]);
        string count = $"dx -r0 @$wrl.Refs({Hex(first.Address)}).Count()", places = $"dx -r0 @$wrl.Refs({Hex(first.Address)}).Select(h => h.Place).Count()";
        var again = EngineRunner.Run(["--dump", Require.FixtureFile(arch, "weak_refs", ".dmp"), "--sympath", FixtureSet.Folder(arch)],
            [ExtensionBuild.LoadCommand, count, places]);
        Assert.AreEqual(Value(again, count), Value(again, places));
        Assert.AreNotEqual("0", Normalised(Value(again, count)));
        EngineCases.Record($"{nameof(DataModelInEngineTests)}.{nameof(ALinqQueryOverRefsFindsTheManifestHolders)}.{arch}", holders.Count + 1);
    }

    /// <summary>Hostile arguments and objects: each dx gets an answer or an error, and the engine still answers at the end.</summary>
    [TestMethod]
    public void HostileQueriesNeverTakeTheEngineDown()
    {
        Require.Extension();
        var buffers = FixtureManifest.Load(FixtureSet.File("x64", "memory_buffers-writer", ".manifest.json"));
        var loop = buffers.Objects.First(o => o.ExpectedState == "corrupt");
        string[] commands =
        [
            "dx @$wrl.Object(0)", "dx @$wrl.Object(1)", "dx @$wrl.Object(0xfffffffffffffff8)", "dx @$wrl.Object(0x1234567)",
            "dx @$wrl.Object()", "dx @$wrl.Object(\"%s%n<b>&\")", "dx @$wrl.Object(1, 2)", "dx @$wrl.Weak(0x10, \"no-such-flavour\")",
            "dx @$wrl.Weak(0x10, 42)", "dx -r2 @$wrl.Weak(0)", "dx -r2 @$wrl.Buffer(0)", "dx -r2 @$wrl.Buffer(0x7ffe0001)", "dx -r2 @$wrl.Refs(0)",
            "dx -r2 @$wrl.Refs(0xffffffffffffffff)", "dx @$wrl.Nothing", $"dx -r3 @$wrl.Buffer({Hex(loop.Address)})",
            $"dx @$wrl.Buffer({Hex(loop.Address)}).References.Count()", "? 1+1",
        ];
        var run = EngineRunner.Run(["--dump", FixtureSet.File("x64", "memory_buffers-writer", ".dmp"), "--sympath", FixtureSet.NoSymbolsFolder()],
            commands.Prepend(ExtensionBuild.LoadCommand));
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.Contains(run.Output("? 1+1"), "Evaluate expression: 2", "the engine answers after the battery");
        foreach (var command in commands.Take(commands.Length - 1))
            Assert.IsTrue(run.Output(command).Trim().Length > 0, $"{command}: no answer");
        StringAssert.Contains(run.Output($"dx -r3 @$wrl.Buffer({Hex(loop.Address)})"), "corrupt", "a looping list is corrupt, not followed forever");
        StringAssert.Contains(run.Output("dx @$wrl.Object()"), "an address", "a missing argument says what is expected");
        EngineCases.Record($"{nameof(DataModelInEngineTests)}.{nameof(HostileQueriesNeverTakeTheEngineDown)}", commands.Length);
    }

    /// <summary>Typed views of memory that is no object of the type (null, unaligned, not captured, another type's) answer, never crash.</summary>
    [TestMethod]
    public void TypedViewsOfWrongMemoryAnswerToo()
    {
        Require.Extension();
        var manifest = FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json"));
        var widget = manifest.Objects.First(o => o.Name == "wrl-object-pointer");
        var alive = manifest.Objects.First(o => o.Name == "wrl-alive");
        ulong inside = alive.Address + 0x10; // a block's middle: no vftable there, so the engine keeps the type as given
        string block = $"{manifest.Module}!Microsoft::WRL::Details::WeakReferenceImpl", obj = $"{manifest.Module}!Widget";
        string[] commands =
        [
            $"dx -r2 *({block}*)0", $"dx -r2 *({block}*)1", $"dx -r2 *({block}*){Hex(widget.Address + 3)}", $"dx -r2 *({block}*)0x7ffe0000",
            $"dx -r2 *({block}*){Hex(widget.Address)}", $"dx -r2 *({obj}*)0", $"dx -r2 *({obj}*){Hex(widget.Address + 1)}",
            $"dx -r0 (*({block}*){Hex(inside)}).State", $"!wrlweak -json -flavour wrl {Hex(inside)}", "? 1+1",
        ];
        var run = EngineRunner.Run(["--dump", Require.FixtureFile("x64", "weak_refs", ".dmp"), "--sympath", FixtureSet.Folder("x64")],
            commands.Prepend(ExtensionBuild.LoadCommand));
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.Contains(run.Output("? 1+1"), "Evaluate expression: 2", "the engine answers after the battery");
        foreach (var command in commands) Assert.IsTrue(run.Output(command).Trim().Length > 0, $"{command}: no answer");
        // A block's middle read as a block: not alive, and the same verdict as the command's (one decoder, two hosts).
        string state = Value(run, $"dx -r0 (*({block}*){Hex(inside)}).State");
        Assert.AreNotEqual("alive", state);
        using var json = System.Text.Json.JsonDocument.Parse(run.Output($"!wrlweak -json -flavour wrl {Hex(inside)}"));
        Assert.AreEqual(json.RootElement.GetProperty("state").GetString(), state);
        EngineCases.Record($"{nameof(DataModelInEngineTests)}.{nameof(TypedViewsOfWrongMemoryAnswerToo)}", commands.Length);
    }

    /// <summary>
    /// .unload removes every registration (the typed view is raw again, @$wrl is undefined), a variable made before
    /// it still answers, and .load registers again.
    /// </summary>
    [TestMethod]
    public void UnloadRemovesTheModelsAndLoadBringsThemBack()
    {
        Require.Extension();
        var manifest = FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json"));
        var block = manifest.Objects.First(o => o.Name == "wrl-alive");
        var widget = manifest.Objects.First(o => o.Name == "wrl-object-pointer");
        string typed = $"dx -r1 *({manifest.Module}!{block.Type}*){Hex(block.Address)}";
        string unload = ".unload " + ExtensionBuild.LoadCommand[".load ".Length..];
        string rawView = $"dx -r1 (*({manifest.Module}!{block.Type}*){Hex(block.Address)}),!";
        string[] commands =
        [
            $"dx @$held = @$wrl.Object({Hex(widget.Address)})", typed, rawView, unload, "dx @$wrl", typed + " ", "dx -r1 @$held",
            "dx -r0 @$held.WeakReference.State", ExtensionBuild.LoadCommand + " ", $"dx -r0 @$wrl.Weak({Hex(block.Address)}).State", typed + "  ",
        ];
        var run = EngineRunner.Run(["--dump", Require.FixtureFile("x64", "weak_refs", ".dmp"), "--sympath", FixtureSet.Folder("x64")],
            commands.Prepend(ExtensionBuild.LoadCommand));
        Assert.AreEqual(0, run.ExitCode, run.Stderr);
        StringAssert.Contains(run.Output(typed), "State            : alive", "registered: the model's view");
        StringAssert.Contains(run.Output(typed), "[<Raw View>]", "the fields stay reachable");
        StringAssert.Contains(run.Output(rawView), "strongRefCount_", ",! shows the raw fields while the model is registered");
        Assert.IsFalse(run.Output(rawView).Contains("State ", StringComparison.Ordinal), ",! bypasses the model");
        StringAssert.Contains(run.Output("dx @$wrl"), "undefined variable", "after .unload @$wrl is gone");
        Assert.IsFalse(run.Output(typed + " ").Contains("State ", StringComparison.Ordinal), "after .unload the type's view is raw:\n" + run.Output(typed + " "));
        StringAssert.Contains(run.Output(typed + " "), "strongRefCount_", "the raw fields");
        StringAssert.Contains(run.Output("dx -r1 @$held"), "Widget", "a variable held across .unload still answers");
        Assert.AreEqual("alive", Value(run, "dx -r0 @$held.WeakReference.State"));
        Assert.AreEqual("alive", Value(run, $"dx -r0 @$wrl.Weak({Hex(block.Address)}).State"), "after .load again");
        StringAssert.Contains(run.Output(typed + "  "), "State            : alive", "the model is back");
        EngineCases.Record($"{nameof(DataModelInEngineTests)}.{nameof(UnloadRemovesTheModelsAndLoadBringsThemBack)}", 7);
    }
}
