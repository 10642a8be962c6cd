using WrlDbgExt.Core.Commands;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>wrldbgext.dll loaded into Microsoft's engine under Wine: same output as wrldbg, live targets, hostile input, reload.</summary>
[TestClass]
public partial class ExtensionInEngineTests
{
    private static void RequireExtension() => Require.Extension();

    private static void Record(string test, int comparisons) => EngineCases.Record($"{nameof(ExtensionInEngineTests)}.{test}", comparisons);

    /// <summary>The engine-made x64 weak_refs dump and its manifest.</summary>
    private static (string Dump, FixtureManifest Manifest) WeakRefsX64()
    {
        var dump = Require.FixtureFile("x64", "weak_refs", ".dmp");
        return (dump, FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json")));
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void WithoutSymbolsTheOutputEqualsWrldbgByteForByte(string arch) =>
        Record($"{nameof(WithoutSymbolsTheOutputEqualsWrldbgByteForByte)}.{arch}", CompareWithTheCli(arch, symbols: false));

    /// <summary>
    /// With the targets' PDBs on both sides (the engine's .sympath, wrldbg's --symbols): the CLI's PDB reader gives
    /// the same layouts, vftable names and verdicts as the engine's symbols, byte for byte. Engine-made dumps only:
    /// the writer-made twins' vtable pointers are no PDB's vftables.
    /// </summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void WithThePdbsTheOutputEqualsWrldbgWithSymbolsByteForByte(string arch) =>
        Record($"{nameof(WithThePdbsTheOutputEqualsWrldbgWithSymbolsByteForByte)}.{arch}", CompareWithTheCli(arch, symbols: true));

    private static int CompareWithTheCli(string arch, bool symbols)
    {
        RequireExtension();
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch).Where(t => !symbols || !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            // Every object of a decoded flavour: blocks as blocks, count-or-pointer words with -word / --word.
            var objects = Flavours.Decoded(manifest).ToList();
            if (objects.Count == 0) continue;
            int ptr = arch == "x64" ? 8 : 4;
            string Command(FixtureObject o) => Flavours.BangCommand(o) + " " + Hex.Pointer(o.Address, ptr);
            var commands = objects.Select(Command).ToList();
            string sympath = symbols ? FixtureSet.Folder(arch) : FixtureSet.NoSymbolsFolder();
            var engine = EngineRunner.Run(["--dump", dump, "--sympath", sympath], commands.Prepend(ExtensionBuild.LoadCommand));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            Assert.AreEqual("", engine.Output(ExtensionBuild.LoadCommand));
            foreach (var (o, command) in objects.Zip(commands))
            {
                var (cliCommand, options) = Flavours.CliCommand(o);
                string[] symbolOptions = symbols ? ["--symbols", FixtureSet.Folder(arch)] : [];
                var ours = CliRunner.Run([cliCommand, dump, Hex.Pointer(o.Address, ptr), .. options, .. symbolOptions]);
                Assert.AreEqual(0, ours.ExitCode, ours.Stderr);
                // A hint names the host's own command line: the CLI's (with the dump), the engine's bang command.
                string cliObj = CommandSyntax.Invocation(HostSyntax.Cli, ObjCommand.Spec, [], [Hex.Pointer(o.Address, ptr)], dump);
                string bangObj = CommandSyntax.Invocation(HostSyntax.Extension, ObjCommand.Spec, [], [Hex.Pointer(o.Address, ptr)]);
                Assert.AreEqual(ours.Stdout.Replace(cliObj, bangObj, StringComparison.Ordinal), engine.Output(command), $"{arch} {target} {o.Name}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 10, $"compared {compared}");
        return compared;
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
        Record(nameof(WithSymbolsTheLayoutComesFromThePdbAndTheDecodingIsTheSame), 1);
    }

    [TestMethod]
    public void LiveTargetAtItsCheckpointWithEngineExpressions()
    {
        RequireExtension();
        var exe = Require.FixtureFile("x64", "weak_refs", ".exe");
        // A private copy: the target writes its manifest beside itself, and must not touch the fixtures.
        var dir = Directory.CreateTempSubdirectory("wrldbg-live-").FullName;
        try
        {
            var copy = Path.Combine(dir, "weak_refs.exe");
            File.Copy(exe, copy);
            File.Copy(FixtureSet.File("x64", "weak_refs", ".pdb"), Path.Combine(dir, "weak_refs.pdb"));
            // At Checkpoint(pointers, count), rcx holds the manifest's addresses in order: wrl-alive's block,
            // then its target, whose count-or-pointer word is at +0x40 (RuntimeClass<IWidget> with FtmBase, docs/winrt-internals.md §2.6).
            const string word = "!wrlweak -word poi(@rcx+8)+0x40";
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
            Record(nameof(LiveTargetAtItsCheckpointWithEngineExpressions), 3);
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
        var alive = manifest.Objects.First(o => o.Name == "wrl-alive");
        var unaligned = Hex.Pointer(alive.Address + 4, 8);
        // The live target itself is an object, not a block: the answer points at its word (the manifest's word).
        var target = Hex.Pointer(FixtureManifest.ParseHex(alive.Properties["target"]), 8);
        var word = Hex.Pointer(manifest.Objects.First(o => o.Name == "wrl-word-pointer").Address, 8);
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
            ("!wrlweak weak_refs!Checkpoint", "verdict : not a control block"),
            ("!wrlweak -word 0", "memory read error"),
            ("!wrlweak -flavour nosuch 10", "is not one of"),
            ($"!wrlweak {target}", $"try: !wrlobj {target}"),
            ("!help nosuch", "no command 'nosuch'"),
            ("!wrlweak -?", "!wrlweak [-word] [-flavour ID] [-json] ADDRESS"),
            ("!help", "!wrlweak"),
            ("!wrlobj", "an address is required"),
            ("!wrlobj 0", "memory read error"),
            ("!wrlobj poi(", "cannot evaluate"),
            ("!wrlobj -flavour nosuch 10", "is not one of"),
            ("!wrlobj weak_refs!Checkpoint", "no count word found"),
            ("!wrlrefs", "an address is required"),
            ("!wrlrefs 0", "no object lives there, so nothing was searched"),
            ("!wrlrefs 0xffffffffffffffff", "not a user-mode address"),
            ("!wrlrefs %n%s<b>&", "cannot evaluate"),
            ("!wrlrefs -bogus 1", "unknown option"),
            ("!wrlrefs -?", "!wrlrefs [-flavour ID] [-json] ADDRESS"),
            ("!membuf", "an address is required"),
            ("!membuf 0", "memory read error"),
            ("!membuf weak_refs!Checkpoint", "not an IMemoryBuffer object"),
            ($"!membuf {Hex.Pointer(alive.Address, 8)}", "not an IMemoryBuffer object"),
            ("!membuf -bogus 1", "unknown option"),
        };
        var commands = battery.Select(b => b.Command).Prepend(ExtensionBuild.LoadCommand).Append(".echo still answering").ToList();
        // Failing commands return E_FAIL (the host then exits 1); what matters is the message and the engine going on.
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")], commands);
        foreach (var (command, message) in battery)
            StringAssert.Contains(engine.Output(command), message, command);
        Assert.AreEqual("still answering\n", engine.Output(".echo still answering"));
        Record(nameof(HostileInputGetsClearMessagesAndTheEngineKeepsAnswering), battery.Length);
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    /// <summary>
    /// With <c>.prefer_dml 1</c> the raw markup (the host's DML-aware callbacks, <c>--dml-raw</c>) is
    /// well-formed, every link's command is one the engine runs, and the markup without its tags and
    /// entities is exactly the plain-text output.
    /// </summary>
    [TestMethod]
    public void DmlIsValidMarkupThatAConsoleShowsAsTheSameText()
    {
        RequireExtension();
        var (weakDump, weakManifest) = WeakRefsX64();
        var buffersDump = Require.FixtureFile("x64", "memory_buffers", ".dmp");
        var buffersManifest = FixtureManifest.Load(FixtureSet.File("x64", "memory_buffers", ".manifest.json"));
        int compared = 0;
        static string At(FixtureManifest manifest, string name) => Hex.Pointer(manifest.Objects.First(o => o.Name == name).Address, 8);
        var commands = new[] { "wrl-alive", "wrl-target-destroyed", "wrl-saturated" }.Select(n => (weakDump, n, $"!wrlweak {At(weakManifest, n)}"))
            .Append((weakDump, "wrl-object-pointer", $"!wrlobj {At(weakManifest, "wrl-object-pointer")}"))
            .Append((weakDump, "wrl-object-pointer", $"!wrlrefs {At(weakManifest, "wrl-object-pointer")}"))
            .Concat(new[] { "buffer-closed-with-references", "buffer-watched", "reference-closed-data-kept" }
                .Select(n => (buffersDump, n, $"!membuf {At(buffersManifest, n)}")));
        foreach (var (dump, name, weak) in commands)
        {
            var session = new[] { "--dump", dump, "--sympath", FixtureSet.Folder("x64") };
            var raw = EngineRunner.Run([.. session, "--dml-raw"], [ExtensionBuild.LoadCommand, ".prefer_dml 1", weak]);
            Assert.AreEqual(0, raw.ExitCode, raw.Stderr);
            var markup = raw.Output(weak);

            // Well-formed: every tag closed, every & an entity (DML is XML-like; a root element makes it a document).
            var doc = new XmlDocument();
            doc.LoadXml("<dml>" + markup + "</dml>");
            var links = doc.GetElementsByTagName("link").Cast<XmlElement>().ToList();
            Assert.IsTrue(links.Count >= 1, $"{name}: no <link> in\n{markup}");
            Assert.IsTrue(links.All(l => l.GetAttribute("cmd").Length > 0), markup);

            // A console shows the markup without tags, entities decoded: the plain-text output.
            var linkCommands = links.Select(l => l.GetAttribute("cmd")).Distinct().ToList();
            var plain = EngineRunner.Run(session, linkCommands.Prepend(weak).Prepend(ExtensionBuild.LoadCommand));
            Assert.AreEqual(0, plain.ExitCode, plain.Stderr);
            Assert.AreEqual(plain.Output(weak), WebUtility.HtmlDecode(Tag().Replace(markup, "")), $"{name}: stripped markup vs plain text");
            Assert.AreNotEqual(plain.Output(weak), markup, $"{name}: the DML run printed no markup");

            // Every link is a command the engine accepts and answers.
            foreach (var command in linkCommands)
            {
                var output = plain.Output(command);
                Assert.IsTrue(output.Trim().Length > 0, $"{name}: link '{command}' printed nothing");
                foreach (var bad in new[] { "Couldn't resolve", "Syntax error", "@@@ error", "is not extension gallery command", "No export" })
                    Assert.IsFalse(output.Contains(bad, StringComparison.OrdinalIgnoreCase), $"{name}: link '{command}' gave:\n{output}");
                compared++;
            }
            compared++;
        }
        Record(nameof(DmlIsValidMarkupThatAConsoleShowsAsTheSameText), compared);
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
        Record(nameof(UnloadThenLoadAgainWorks), 2);
    }
}
