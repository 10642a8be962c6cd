using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>wrldbgext.dll loaded into Microsoft's engine under Wine: same output as wrldbg, live targets, hostile input, reload.</summary>
[TestClass]
public class ExtensionInEngineTests
{
    private static void RequireExtension()
    {
        Require.Engine();
        if (!ExtensionBuild.Available) Assert.Inconclusive(ExtensionBuild.MissingReason);
    }

    /// <summary>The engine-made x64 weak_refs dump and its manifest.</summary>
    private static (string Dump, FixtureManifest Manifest) WeakRefsX64()
    {
        var dump = FixtureSet.File("x64", "weak_refs", ".dmp");
        if (!File.Exists(dump)) Assert.Inconclusive(FixtureSet.MissingReason);
        return (dump, FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json")));
    }

    private static string NoSymbols()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wrldbg-no-symbols");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void WithoutSymbolsTheOutputEqualsWrldbgByteForByte(string arch)
    {
        RequireExtension();
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            var objects = manifest.Objects.Where(o => o.Flavour == "wrl").ToList();
            if (objects.Count == 0) continue;
            int ptr = arch == "x64" ? 8 : 4;
            var commands = objects.Select(o => $"!wrlweak {Hex.Pointer(o.Address, ptr)}").ToList();
            var engine = EngineRunner.Run(["--dump", dump, "--sympath", NoSymbols()], commands.Prepend(ExtensionBuild.LoadCommand));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            Assert.AreEqual("", engine.Output(ExtensionBuild.LoadCommand));
            foreach (var (o, command) in objects.Zip(commands))
            {
                var ours = CliRunner.Run("weak", dump, Hex.Pointer(o.Address, ptr));
                Assert.AreEqual(0, ours.ExitCode, ours.Stderr);
                Assert.AreEqual(ours.Stdout, engine.Output(command), $"{arch} {target} {o.Name}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 10, $"compared {compared}");
    }

    [TestMethod]
    public void WithSymbolsTheLayoutComesFromThePdbAndTheDecodingIsTheSame()
    {
        RequireExtension();
        var (dump, manifest) = WeakRefsX64();
        var alive = manifest.Objects.First(o => o.Name == "wrl-alive");
        var command = $"!wrlweak {Hex.Pointer(alive.Address, 8)}";
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")], [ExtensionBuild.LoadCommand, command]);
        var text = engine.Output(command);
        var ours = CliRunner.Run("weak", dump, Hex.Pointer(alive.Address, 8)).Stdout;

        // The dt part and the verdict are the same decoding; the extension adds what symbols tell.
        Assert.AreEqual(ours[..ours.IndexOf("\n\n", StringComparison.Ordinal)], text[..text.IndexOf("\n\n", StringComparison.Ordinal)]);
        StringAssert.Contains(text, "layout  : weak_refs symbols, x64\n");
        StringAssert.Contains(text, "verdict : target alive\n");
        StringAssert.Contains(text, "vftable : weak_refs!Microsoft::WRL::Details::WeakReferenceImpl::`vftable'\n");
        StringAssert.Contains(text, "weak_refs!Widget::`vftable'");
    }

    [TestMethod]
    public void LiveTargetAtItsCheckpointWithEngineExpressions()
    {
        RequireExtension();
        var exe = FixtureSet.File("x64", "weak_refs", ".exe");
        if (!File.Exists(exe)) Assert.Inconclusive(FixtureSet.MissingReason);
        // A private copy: the target writes its manifest beside itself, and must not touch the fixtures.
        var dir = Directory.CreateTempSubdirectory("wrldbg-live-").FullName;
        try
        {
            var copy = Path.Combine(dir, "weak_refs.exe");
            File.Copy(exe, copy);
            File.Copy(FixtureSet.File("x64", "weak_refs", ".pdb"), Path.Combine(dir, "weak_refs.pdb"));
            // At Checkpoint(pointers, count), rcx holds the manifest's addresses in order: wrl-alive's block,
            // then its target, whose count-or-pointer word is at +0x18.
            const string word = "!wrlweak -word poi(@rcx+8)+0x18";
            var engine = EngineRunner.Run(["--launch", copy, "--sympath", dir, "--break", "weak_refs!Checkpoint"],
                [ExtensionBuild.LoadCommand, "!wrlweak poi(@rcx)", "!wrlweak -json poi(@rcx)", word]);
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            var manifest = FixtureManifest.Load(Path.Combine(dir, "weak_refs.manifest.json"));
            var alive = manifest.Objects[0];
            Assert.AreEqual("wrl-alive", alive.Name);
            var text = engine.Output("!wrlweak poi(@rcx)");
            StringAssert.Contains(text, "verdict : target alive\n");
            StringAssert.Contains(text, $"at {Hex.Pointer(alive.Address, 8)}\n");
            StringAssert.Contains(text, $"strong  : {alive.Strong}\n");
            StringAssert.Contains(engine.Output(word), "mode    : pointer");
            StringAssert.Contains(engine.Output(word), $"control block at {Hex.Pointer(alive.Address, 8)}");
            StringAssert.Contains(engine.Output("!wrlweak -json poi(@rcx)"), "\"layoutSource\": \"weak_refs symbols\"");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void HostileInputGetsClearMessagesAndTheEngineKeepsAnswering()
    {
        RequireExtension();
        var (dump, manifest) = WeakRefsX64();
        var unaligned = Hex.Pointer(manifest.Objects.First(o => o.Name == "wrl-alive").Address + 4, 8);
        var battery = new (string Command, string Message)[]
        {
            ($"!wrlweak {unaligned}", "is not 8-byte aligned"),
            ("!wrlweak", "an address is required"),
            ("!wrlweak 0", "memory read error"),
            ("!wrlweak 1", "memory read error"),
            ("!wrlweak %n%s<b>&", "cannot evaluate"),
            ("!wrlweak poi(", "cannot evaluate"),
            ("!wrlweak -bogus 10", "unknown option"),
            ("!wrlweak nosuchmodule!nosuchsymbol", "cannot evaluate"),
            ("!wrlweak weak_refs!Checkpoint", "verdict : corrupt"),
            ("!wrlweak -word 0", "not readable"),
            ("!membuf 10", "not available in this version yet"),
            ("!wrlscan", "not available in this version yet"),
            ("!help nosuch", "no command 'nosuch'"),
            ("!wrlweak -?", "!wrlweak [-json] [-word] ADDRESS"),
            ("!help", "!wrlweak"),
        };
        var commands = battery.Select(b => b.Command).Prepend(ExtensionBuild.LoadCommand).Append(".echo still answering").ToList();
        // Failing commands return E_FAIL (the host then exits 1); what matters is the message and the engine going on.
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")], commands);
        foreach (var (command, message) in battery)
            StringAssert.Contains(engine.Output(command), message, command);
        Assert.AreEqual("still answering\n", engine.Output(".echo still answering"));
    }

    [TestMethod]
    public void DmlIsValidMarkupThatAConsoleShowsAsTheSameText()
    {
        RequireExtension();
        var (dump, manifest) = WeakRefsX64();
        var address = Hex.Pointer(manifest.Objects.First(o => o.Name == "wrl-alive").Address, 8);
        var text = $"!wrlweak {address}";
        var dml = $"!wrlweak  {address}";
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")],
            [ExtensionBuild.LoadCommand, text, ".prefer_dml 1", dml]);
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
        // Our host's output callbacks are not DML-aware: the engine strips the tags and decodes the entities.
        Assert.AreEqual(engine.Output(text), engine.Output(dml));
        StringAssert.Contains(engine.Output(dml), "verdict : target alive");
    }

    [TestMethod]
    public void UnloadThenLoadAgainWorks()
    {
        RequireExtension();
        var (dump, manifest) = WeakRefsX64();
        var weak = $"!wrlweak {Hex.Pointer(manifest.Objects.First(o => o.Name == "wrl-saturated").Address, 8)}";
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")],
            [ExtensionBuild.LoadCommand, ".chain", weak, ".unload wrldbgext", ExtensionBuild.LoadCommand, weak + " ", ".echo done"]);
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
        StringAssert.Contains(engine.Output(".chain"), "wrldbgext");
        StringAssert.Contains(engine.Output(weak), "verdict : strong count saturated: target leaked");
        Assert.AreEqual(engine.Output(weak), engine.Output(weak + " "));
        Assert.AreEqual("done\n", engine.Output(".echo done"));
    }
}
