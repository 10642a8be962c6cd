using System.Text.RegularExpressions;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// src/native/extension/wrldbgext.natvis, as shipped in the extension folder, in Microsoft's engine under Wine:
/// <c>.nvload</c> without the extension gives every manifest block and buffer its manifest state (or, for the
/// states NatVis cannot tell, no state); its interplay with wrldbgext.dll's data-model visualizers in both load
/// orders; <c>.nvunload</c>. Expected values come from the targets' manifests.
/// </summary>
[TestClass]
public class NatVisInEngineTests
{
    /// <summary>
    /// Manifest states the fields alone cannot tell (the extension's decoders can): for these NatVis must show
    /// "?" or no display string. Being installed is visible for WRL (its sentinel) and C++/WinRT (the object's
    /// word), not for the other flavours.
    /// </summary>
    private static readonly string[] CannotTell = ["corrupt", "not-a-control-block", "incomplete"];

    private static bool Tellable(FixtureObject o) =>
        !CannotTell.Contains(o.ExpectedState) && !(o.ExpectedState == "being-created" && o.Flavour is not ("wrl" or "cppwinrt"));

    /// <summary>
    /// Entries whose field values say something else than their state, which NatVis cannot see: a looping
    /// open-reference list (LinkedListItems stops at the first node it has seen, so the buffer shows its flags'
    /// state and each reference once).
    /// </summary>
    private static readonly Dictionary<string, string> FieldsSayOtherwise = new(StringComparer.Ordinal)
    {
        ["buffer-list-loops"] = "open",
    };

    /// <summary>The display string's label for a manifest flavour (the NatVis file's own words).</summary>
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        ["wrl"] = "WRL",
        ["cppwinrt"] = "C++/WinRT",
        ["cx"] = "C++/CX",
        ["winui"] = "WinUI",
        ["windows-rs"] = "windows-rs",
        ["memory-buffer"] = "buffer",
        ["memory-buffer-reference"] = "reference",
    };

    /// <summary>The word entries' types: C++/WinRT's <c>m_references</c> is a plain integer, which NatVis cannot attach to.</summary>
    private static readonly Dictionary<string, string> WordTypes = new(StringComparer.Ordinal)
    {
        ["wrl-word"] = "Microsoft::WRL::Details::ReferenceCountOrWeakReferencePointer",
        ["winui-word"] = "Microsoft::WRL::Details::ReferenceCountOrWeakReferencePointer",
        ["windows-rs-word"] = "windows_core::imp::WeakRefCount",
    };

    private static string Source => Path.Combine(ExtensionBuild.SourceFolder, "wrldbgext.natvis");

    private static string Shipped => Path.Combine(ExtensionBuild.Folder, "wrldbgext.natvis");

    private static string NvLoad => ".nvload " + ExtensionBuild.WindowsPath(Shipped);

    private static string NvUnload => ".nvunload " + ExtensionBuild.WindowsPath(Shipped);

    private static void Record(string test, int comparisons) => EngineCases.Record($"{nameof(NatVisInEngineTests)}.{test}", comparisons);

    private static void RequireShipped()
    {
        Require.ExtensionFolder();
        if (!File.Exists(Shipped)) Assert.Fail($"{Shipped} is missing: scripts/build-extension.sh copies it into the extension folder");
    }

    private static string Hex(ulong value) => $"0x{value:x}"; // as dx prints addresses (InvariantGlobalization)

    private static string Dx(string module, FixtureObject o) => $"dx -r1 ({module}!{o.Type}*){Hex(o.Address)}";

    /// <summary>The display string of a <c>dx</c> of a pointer: the text between the address and the type, or null.</summary>
    private static string? Display(string output, ulong address)
    {
        var first = output.Split('\n')[0];
        var m = Regex.Match(first, $@" : {Regex.Escape(Hex(address))} : (.*) \[Type: ");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The display string of a <c>dx</c> of a value (<c>*(T*)addr</c>): the text after the expression, or null.</summary>
    private static string? ValueDisplay(string command, string output)
    {
        var first = output.Split('\n')[0];
        string expression = command["dx -r1 ".Length..];
        var m = Regex.Match(first, $@"^{Regex.Escape(expression)} : (.*) \[Type: ");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The manifest's engine-made targets (with PDBs), or the writer-made twins.</summary>
    private static IEnumerable<string> Dumps(string arch, bool writer) =>
        Require.DumpedTargets(arch).Where(t => t.EndsWith("-writer", StringComparison.Ordinal) == writer);

    /// <summary>Block and buffer entries with a C++ type (tear-off entries, <c>via</c>, name an interface inside a block).</summary>
    private static IEnumerable<FixtureObject> Typed(FixtureManifest manifest) =>
        manifest.Objects.Where(o => o.Kind is null && o.Type is not null && !o.Properties.ContainsKey("via") && Flavours.IsDecoded(o.Flavour));

    private static (FixtureManifest Manifest, EngineRunner.Result Engine, List<(FixtureObject Object, string Command)> Cases) RunTyped(string arch, string target)
    {
        var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
        var cases = Typed(manifest).Select(o => (o, Dx(manifest.Module, o))).ToList();
        var engine = EngineRunner.Run(["--dump", FixtureSet.File(arch, target, ".dmp"), "--sympath", FixtureSet.Folder(arch)],
            cases.Select(c => c.Item2).Prepend(NvLoad));
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
        StringAssert.Contains(engine.Output(NvLoad), "Successfully loaded visualizers");
        return (manifest, engine, cases);
    }

    /// <summary>The state and the numbers a display string names, checked against the manifest entry.</summary>
    private static void AssertShowsManifestFacts(FixtureObject o, string? display, string where)
    {
        Assert.IsNotNull(display, $"{where}: no display string");
        string label = Labels[o.Flavour];
        StringAssert.StartsWith(display, $"{label}: {o.ExpectedState}", where);
        var rest = display[$"{label}: {o.ExpectedState}".Length..];
        Assert.IsTrue(rest.Length == 0 || rest.StartsWith(','), $"{where}: '{display}'");
        if (Regex.Match(display, @"\bstrong (-?\d+)") is { Success: true } s) Assert.AreEqual(o.Strong, int.Parse(s.Groups[1].Value), where);
        if (Regex.Match(display, @"\bweak (-?\d+)") is { Success: true } w) Assert.AreEqual(o.Weak, int.Parse(w.Groups[1].Value), where);
        if (!Flavours.IsBuffer(o)) StringAssert.Contains(display, ", weak ", where); // every block state names its weak count
        if (Regex.Match(display, @"\bcapacity (\d+)") is { Success: true } c)
            Assert.AreEqual(o.Properties["capacity"], c.Groups[1].Value, where);
    }

    [TestMethod]
    public void TheExtensionFolderShipsTheNatVisFileAndItStaysUnderWinesLimit()
    {
        RequireShipped();
        CollectionAssert.AreEqual(File.ReadAllBytes(Source), File.ReadAllBytes(Shipped), "artifacts/extension/wrldbgext.natvis differs from the source: rebuild the extension");
        // Wine 8.0's xmllite misreads a file across its 8192nd byte (README "NatVis"): keep the whole file below it.
        Assert.IsTrue(new FileInfo(Source).Length < 8192, $"{Source} is {new FileInfo(Source).Length} bytes; Wine's xmllite misreads files from 8192 bytes");
        Assert.IsTrue(File.ReadAllBytes(Source).All(b => b < 0x80), "ASCII only");
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryManifestBlockAndBufferShowsItsStateThroughNatVis(string arch)
    {
        RequireShipped();
        int compared = 0;
        foreach (var target in Dumps(arch, writer: false))
        {
            var (_, engine, cases) = RunTyped(arch, target);
            foreach (var (o, command) in cases)
            {
                var output = engine.Output(command);
                string where = $"{arch} {target} {o.Name}:\n{output}";
                Assert.IsTrue(Tellable(o), $"{where}: the engine-made dumps hold only states NatVis can tell; list this one in {nameof(CannotTell)}");
                AssertShowsManifestFacts(o, Display(output, o.Address), where);
                if (Flavours.IsBuffer(o)) AssertBufferExpansion(o, output, where);
                compared++;
            }
        }
        Assert.IsTrue(compared >= 20, $"compared {compared}");
        Record($"{nameof(EveryManifestBlockAndBufferShowsItsStateThroughNatVis)}.{arch}", compared);
    }

    /// <summary>A buffer's expansion: its data pointer, closed flag and the open references in list order (LinkedListItems).</summary>
    private static void AssertBufferExpansion(FixtureObject o, string output, string where)
    {
        if (o.Flavour == "memory-buffer")
        {
            StringAssert.Contains(output, $"[data]           : {Hex(FixtureManifest.ParseHex(o.Properties["data"]))} [Type: void *]", where);
            StringAssert.Contains(output, $"[closed]         : {o.Properties["closed"].ToLowerInvariant()} [Type: bool]", where);
            var listed = Regex.Matches(output, @"^    \[0x[0-9a-f]+\]\s+: (0x[0-9a-f]+) : reference: ", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
            var expected = o.Properties["references"].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => Hex(FixtureManifest.ParseHex(a))).ToList();
            CollectionAssert.AreEqual(expected, listed, where);
        }
        else
        {
            bool open = o.Properties["open"] == "True";
            Assert.AreEqual(open, output.Contains($"[data]           : {Hex(FixtureManifest.ParseHex(o.Properties["data"]))} [Type: void *]", StringComparison.Ordinal), where);
            StringAssert.Contains(output, $"[handlers]       : {o.Properties["handlers"]} [Type: unsigned int]", where);
        }
    }

    /// <summary>
    /// The writer-made twins hold the states a live run cannot reach: NatVis gives the tellable ones their manifest
    /// state and the others "?" or nothing, never a state (except where the fields themselves say otherwise).
    /// </summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void TheStatesNatVisCannotTellShowNoState(string arch)
    {
        RequireShipped();
        int compared = 0, neutral = 0;
        foreach (var target in Dumps(arch, writer: true))
        {
            var (_, engine, cases) = RunTyped(arch, target);
            foreach (var (o, command) in cases)
            {
                var output = engine.Output(command);
                var display = Display(output, o.Address);
                string where = $"{arch} {target} {o.Name}:\n{output}";
                if (FieldsSayOtherwise.TryGetValue(o.Name, out var shown))
                    StringAssert.StartsWith(display, $"{Labels[o.Flavour]}: {shown}", where);
                else if (Tellable(o))
                    AssertShowsManifestFacts(o, display, where);
                else
                {
                    Assert.IsTrue(display is null || display.StartsWith($"{Labels[o.Flavour]}: ?", StringComparison.Ordinal), where);
                    neutral++;
                }
                compared++;
            }
        }
        Assert.IsTrue(neutral >= 10, $"only {neutral} entries NatVis cannot tell");
        Record($"{nameof(TheStatesNatVisCannotTellShowNoState)}.{arch}", compared);
    }

    /// <summary>Count-or-pointer words: the block (value &lt;&lt; 1, cut to the pointer width) or the strong count.</summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void WordsShowTheirBlockOrTheirCount(string arch)
    {
        RequireShipped();
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch))
        {
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            // Word entries, and the words of object entries (wordField refCount_ / count), with what they decode to.
            var words = manifest.Objects.Where(o => o.Kind is null && WordTypes.ContainsKey(o.Flavour))
                .Select(o => (o.Name, Type: WordTypes[o.Flavour], o.Address, Pointer: o.ExpectedState == "pointer",
                    Block: o.Properties.GetValueOrDefault("controlBlock"), Count: o.Properties.GetValueOrDefault("count")))
                .Concat(manifest.Objects.Where(o => o.Kind == "object" && o.Properties.GetValueOrDefault("wordField") is "refCount_" or "count")
                    .Select(o => (o.Name, Type: WordTypes[o.Properties["wordField"] == "count" ? "windows-rs-word" : "wrl-word"],
                        Address: FixtureManifest.ParseHex(o.Properties["word"]), Pointer: o.Properties["mode"] == "pointer",
                        Block: o.Properties.GetValueOrDefault("controlBlock"), Count: o.Strong?.ToString())))
                .ToList();
            if (words.Count == 0) continue;
            var commands = words.Select(w => $"dx -r1 *({manifest.Module}!{w.Type}*){Hex(w.Address)}").ToList();
            var engine = EngineRunner.Run(["--dump", FixtureSet.File(arch, target, ".dmp"), "--sympath", FixtureSet.Folder(arch)], commands.Prepend(NvLoad));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            foreach (var (w, command) in words.Zip(commands))
            {
                var output = engine.Output(command);
                string expected = w.Pointer ? $"pointer: block at {Hex(FixtureManifest.ParseHex(w.Block!))}" : $"count: strong {w.Count}";
                Assert.AreEqual(expected, ValueDisplay(command, output), $"{arch} {target} {w.Name}:\n{output}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 6, $"compared {compared}");
        Record($"{nameof(WordsShowTheirBlockOrTheirCount)}.{arch}", compared);
    }

    /// <summary>
    /// wrldbgext.dll registers a canonical model on every block and buffer type, and an extension model (the
    /// WeakReference key) on the objects' base classes. Measured: <c>.load</c> then <c>.nvload</c>: the model
    /// shows the blocks, NatVis the words, the object gets both. <c>.nvload</c> then <c>.load</c>: NatVis shows
    /// the blocks and the extension registers no model at all (E_INVALIDARG on the first block type), its
    /// commands work; after <c>.nvunload</c>, <c>.unload</c> and <c>.load</c> its models are back.
    /// </summary>
    [TestMethod]
    public void ModelsAndNatVisOnOneTypeBehaveAsDocumentedInBothLoadOrders()
    {
        Require.Extension();
        RequireShipped();
        var dump = Require.FixtureFile("x64", "weak_refs", ".dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json"));
        var alive = manifest.Objects.First(o => o.Name == "wrl-alive");
        var widget = manifest.Objects.First(o => o.Name == "wrl-object-pointer");
        var word = manifest.Objects.First(o => o.Name == "wrl-word-pointer");
        string block = Dx(manifest.Module, alive), obj = $"dx -r1 ({manifest.Module}!{widget.Type}*){Hex(widget.Address)}";
        string wordDx = $"dx -r1 *({manifest.Module}!{WordTypes["wrl-word"]}*){Hex(word.Address)}";
        string model = $"alive: strong={alive.Strong} weak={alive.Weak} (WRL)", natvis = $"WRL: alive, strong {alive.Strong}, weak {alive.Weak}";
        string wordText = $"pointer: block at {Hex(alive.Address)}";
        var session = new[] { "--dump", dump, "--sympath", FixtureSet.Folder("x64") };
        int compared = 0;

        // .load, then .nvload: the block keeps the model; NatVis shows the word; the object has both.
        var first = EngineRunner.Run(session, [ExtensionBuild.LoadCommand, NvLoad, block, wordDx, obj, "!help"]);
        Assert.AreEqual(0, first.ExitCode, first.Stderr);
        StringAssert.Contains(first.Output(NvLoad), "Successfully loaded visualizers");
        Assert.AreEqual(model, Display(first.Output(block), alive.Address), first.Output(block));
        StringAssert.Contains(first.Output(block), "    State            : alive\n");
        Assert.AreEqual(wordText, ValueDisplay(wordDx, first.Output(wordDx)), first.Output(wordDx));
        StringAssert.Contains(first.Output(obj), $"refCount_        : {wordText} [Type: ");
        StringAssert.Contains(first.Output(obj), $"WeakReference    : {model} [Type: ");
        StringAssert.Contains(first.Output("!help"), "Data model: 12 type signatures");
        compared += 5;

        // .nvload, then .load: NatVis keeps the types it holds; the extension registers everything else (the objects'
        // WeakReference key, whose block then shows NatVis's view, and @$wrl) and says which types it left.
        var reload = $"!wrlweak {Hex(alive.Address)}";
        var second = EngineRunner.Run(session,
            [NvLoad, ExtensionBuild.LoadCommand, block, obj, "!help", reload, NvUnload, ".unload wrldbgext", ExtensionBuild.LoadCommand, block + " ", "!help "]);
        Assert.AreEqual(0, second.ExitCode, second.Stderr);
        Assert.AreEqual("", second.Output(ExtensionBuild.LoadCommand));
        Assert.AreEqual(natvis, Display(second.Output(block), alive.Address), second.Output(block));
        StringAssert.Contains(second.Output(obj), $"refCount_        : {wordText} [Type: ");
        StringAssert.Contains(second.Output(obj), $"WeakReference    : {natvis} [Type: ", second.Output(obj));
        StringAssert.Contains(second.Output("!help"), "Data model: left to another visualizer loaded first (a NatVis file?): Microsoft::WRL::Details::WeakReferenceImpl");
        Assert.IsFalse(second.Output("!help").Contains("not registered", StringComparison.Ordinal), second.Output("!help"));
        StringAssert.Contains(second.Output(reload), "verdict : target alive\n");
        // After .nvunload, a fresh .load registers the models again.
        StringAssert.Contains(second.Output(NvUnload), "Successfully unloaded NatVis");
        Assert.AreEqual(model, Display(second.Output(block + " "), alive.Address), second.Output(block + " "));
        StringAssert.Contains(second.Output("!help "), "Data model: 12 type signatures");
        compared += 6;
        Record(nameof(ModelsAndNatVisOnOneTypeBehaveAsDocumentedInBothLoadOrders), compared);
    }

    [TestMethod]
    public void NvUnloadRemovesTheViews()
    {
        RequireShipped();
        var dump = Require.FixtureFile("x64", "memory_buffers", ".dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File("x64", "memory_buffers", ".manifest.json"));
        var buffer = manifest.Objects.First(o => o.Name == "buffer-open");
        string dx = Dx(manifest.Module, buffer);
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder("x64")], [NvLoad, ".nvlist", dx, NvUnload, ".nvlist ", dx + " "]);
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
        string windowsPath = ExtensionBuild.WindowsPath(Shipped);
        StringAssert.Contains(engine.Output(".nvlist"), windowsPath);
        Assert.AreEqual($"buffer: open, capacity {buffer.Properties["capacity"]}", Display(engine.Output(dx), buffer.Address), engine.Output(dx));
        Assert.AreEqual($"Successfully unloaded NatVis at \"{windowsPath}\"\n", engine.Output(NvUnload));
        Assert.IsFalse(engine.Output(".nvlist ").Contains(windowsPath, StringComparison.OrdinalIgnoreCase), engine.Output(".nvlist "));
        var after = engine.Output(dx + " ");
        Assert.IsNull(Display(after, buffer.Address), after);
        StringAssert.Contains(after, "m_state          : ");
        Record(nameof(NvUnloadRemovesTheViews), 3);
    }
}
