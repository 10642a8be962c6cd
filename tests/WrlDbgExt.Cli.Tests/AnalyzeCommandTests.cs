using System.Diagnostics;
using System.Text.Json;
using WrlDbgExt.Cli.Analyze;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Cli.Tests;

/// <summary>
/// <c>wrldbg analyze DUMP</c>: one opened dump, many command lines (<c>-c</c>, piped input, a terminal), each with the
/// output the one-shot command gives; expected states from the fixtures' manifests.
/// </summary>
[TestClass]
public class AnalyzeCommandTests
{
    private static string Fixture(string arch, string target, string extension)
    {
        var path = FixtureSet.File(arch, target, extension);
        if (File.Exists(path)) return path;
        string reason = $"{path} is missing. {Prerequisites.Fixtures(arch).Reason}".TrimEnd();
        if (Prerequisites.IsCi) Assert.Fail(reason);
        Assert.Inconclusive(reason);
        return path;
    }

    private static IReadOnlyList<FixtureObject> Blocks(FixtureManifest manifest) =>
        manifest.Objects.Where(o => o.Kind is null && o.ExpectedState.Length > 0 && !o.Flavour.EndsWith("-word", StringComparison.Ordinal) && !o.Properties.ContainsKey("via")).ToList();

    /// <summary>The output of each <c>-c</c> command: the text after its <c>&gt; CMD</c> line up to the next one.</summary>
    private static List<(string Command, string Output)> Sections(string stdout, IReadOnlyList<string> commands)
    {
        var sections = new List<(string, string)>();
        int at = 0;
        for (int i = 0; i < commands.Count; i++)
        {
            string echo = $"> {commands[i]}\n";
            Assert.AreEqual(at, stdout.IndexOf(echo, at, StringComparison.Ordinal), $"'{commands[i]}' is echoed where the previous output ends");
            int start = at + echo.Length;
            int end = i + 1 < commands.Count ? stdout.IndexOf($"> {commands[i + 1]}\n", start, StringComparison.Ordinal) : stdout.Length;
            Assert.IsTrue(end >= start, $"no echo of '{(i + 1 < commands.Count ? commands[i + 1] : "")}'");
            sections.Add((commands[i], stdout[start..end]));
            at = end;
        }
        return sections;
    }

    private static CliRunner.Result Analyze(string dump, IEnumerable<string> commands, params string[] more) =>
        CliRunner.Run([AnalyzeCommand.Name, dump, .. commands.SelectMany(c => new[] { "-c", c }), .. more]);

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryManifestBlockGivesItsStateInOneSession(string arch)
    {
        var dump = Fixture(arch, "weak_refs", ".dmp");
        var blocks = Blocks(FixtureManifest.Load(Fixture(arch, "weak_refs", ".manifest.json")));
        Assert.IsTrue(blocks.Count >= 5, $"{blocks.Count} blocks");
        // With and without '!', as the prompt accepts both.
        var commands = blocks.Select((o, i) => $"{(i % 2 == 0 ? "!" : "")}wrlweak -json 0x{o.Address:x}").ToList();
        var r = Analyze(dump, commands);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual("", r.Stderr);
        var sections = Sections(r.Stdout, commands);
        for (int i = 0; i < blocks.Count; i++)
        {
            using var doc = JsonDocument.Parse(sections[i].Output);
            Assert.AreEqual(blocks[i].ExpectedState, doc.RootElement.GetProperty("state").GetString(), blocks[i].Name);
            Assert.AreEqual(blocks[i].Strong, doc.RootElement.GetProperty("strongCount").GetInt32(), blocks[i].Name);
            Assert.AreEqual(blocks[i].Weak, doc.RootElement.GetProperty("weakCount").GetInt32(), blocks[i].Name);
        }
    }

    /// <summary>Each command prints what the one-shot CLI command prints, with symbols too (they are opened once).</summary>
    [TestMethod]
    [DataRow("x64", false)]
    [DataRow("x64", true)]
    [DataRow("x86", false)]
    public void EachCommandPrintsWhatTheOneShotCommandPrints(string arch, bool symbols)
    {
        var dump = Fixture(arch, "weak_refs", ".dmp");
        var manifest = FixtureManifest.Load(Fixture(arch, "weak_refs", ".manifest.json"));
        string symbolPath = symbols ? FixtureSet.Folder(arch) : FixtureSet.NoSymbolsFolder();
        var pairs = new List<(string Session, string[] OneShot)>();
        foreach (var o in Blocks(manifest))
            pairs.Add(($"!wrlweak 0x{o.Address:x}", ["weak", dump, $"0x{o.Address:x}"]));
        foreach (var o in manifest.Objects.Where(o => o.Kind == "object"))
        {
            pairs.Add(($"!wrlobj 0x{o.Address:x}", ["obj", dump, $"0x{o.Address:x}"]));
            pairs.Add(($"wrlrefs -json 0x{o.Address:x}", ["refs", dump, $"0x{o.Address:x}", "--json"]));
        }
        var word = manifest.Objects.First(o => o.Flavour == "wrl-word");
        pairs.Add(($"!wrlweak -word 0x{word.Address:x}", ["weak", dump, "--word", $"0x{word.Address:x}"]));
        pairs.Add(("!wrlscan", ["scan", dump]));
        pairs.Add(("wrlscan -json -flavour wrl", ["scan", dump, "--json", "--flavour", "wrl"]));
        var block = Blocks(manifest).First(o => o.Flavour == "wrl");
        pairs.Add(($"dt Microsoft::WRL::Details::WeakReferenceImpl 0x{block.Address:x}", ["dt", dump, "Microsoft::WRL::Details::WeakReferenceImpl", $"0x{block.Address:x}"]));
        if (symbols)
        {
            pairs.Add(($"dt -r1 weak_refs!Microsoft::WRL::Details::WeakReferenceImpl 0x{block.Address:x}", ["dt", dump, "-r1", "weak_refs!Microsoft::WRL::Details::WeakReferenceImpl", $"0x{block.Address:x}"]));
            pairs.Add(($"ln {block.Properties["target"]}", ["ln", dump, block.Properties["target"]]));
        }

        var commands = pairs.Select(p => p.Session).ToList();
        var r = Analyze(dump, commands, "--symbols", symbolPath);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        var sections = Sections(r.Stdout, commands);
        int nonEmpty = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            var one = CliRunner.Run([.. pairs[i].OneShot, "--symbols", symbolPath]);
            Assert.AreEqual(0, one.ExitCode, one.Stderr);
            Assert.AreEqual(one.Stdout, sections[i].Output, pairs[i].Session);
            if (one.Stdout.Length > 0) nonEmpty++;
        }
        Assert.IsTrue(nonEmpty >= pairs.Count - 1, "the commands print something (ln may print nothing)");
    }

    [TestMethod]
    public void ABadCommandLineIsOneErrorLineAndTheScriptGoesOnButFails()
    {
        var dump = Fixture("x64", "weak_refs", ".dmp");
        var block = Blocks(FixtureManifest.Load(Fixture("x64", "weak_refs", ".manifest.json")))[0];
        string[] commands = ["!nosuchcommand 1", "!wrlweak 0xzz", "!wrlweak -flavour nosuch 1", $"!wrlweak -json 0x{block.Address:x}"];
        var r = Analyze(dump, commands);
        Assert.AreEqual(ExitCodes.Usage, r.ExitCode, "the first failure's exit code");
        var errors = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.AreEqual(3, errors.Length, r.Stderr);
        StringAssert.Contains(errors[0], "no command 'nosuchcommand'");
        StringAssert.StartsWith(errors[1], "wrlweak: ");
        StringAssert.Contains(errors[2], "nosuch");
        using var doc = JsonDocument.Parse(Sections(r.Stdout, commands)[3].Output);
        Assert.AreEqual(block.ExpectedState, doc.RootElement.GetProperty("state").GetString());
    }

    [TestMethod]
    public void APipedSessionReadsPlainLinesWithoutPromptAndStopsAtQuit()
    {
        var dump = Fixture("x64", "weak_refs", ".dmp");
        var blocks = Blocks(FixtureManifest.Load(Fixture("x64", "weak_refs", ".manifest.json")));
        string input = $"!wrlweak -json 0x{blocks[0].Address:x}\n\nbogus\nwrlweak -json 0x{blocks[1].Address:x}\nq\n!wrlweak 0x{blocks[2].Address:x}\n";
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Cli.Run([AnalyzeCommand.Name, dump], stdout, stderr, stdin: new StringReader(input));
        Assert.AreEqual(ExitCodes.Usage, code, "bogus failed");
        Assert.AreEqual("wrldbg: no command 'bogus' (see help)\n", stderr.ToString());
        var states = new List<string?>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(stdout.ToString()), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            states.Add(doc.RootElement.GetProperty("state").GetString());
        }
        CollectionAssert.AreEqual(new[] { blocks[0].ExpectedState, blocks[1].ExpectedState }, states,
            "two JSON documents and nothing else (no prompt, no echo, nothing after q)");
    }

    [TestMethod]
    public void APipedSessionInAProcessEndsAtTheEndOfInput()
    {
        var dump = Fixture("x64", "weak_refs", ".dmp");
        var block = Blocks(FixtureManifest.Load(Fixture("x64", "weak_refs", ".manifest.json")))[0];
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "wrldbg.dll"), AnalyzeCommand.Name, dump }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        process.StandardInput.Write($"!wrlweak -json 0x{block.Address:x}\n");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, stderr);
        Assert.AreEqual("", stderr);
        using var doc = JsonDocument.Parse(stdout.Result);
        Assert.AreEqual(block.ExpectedState, doc.RootElement.GetProperty("state").GetString());
    }

    [TestMethod]
    public void HelpListsEveryExtensionCommandAndTheClisOwn()
    {
        var dump = Fixture("x64", "weak_refs", ".dmp");
        var r = Analyze(dump, ["help", "help wrlweak", "!help !membuf", "help nosuch"]);
        Assert.AreEqual(ExitCodes.Usage, r.ExitCode, "help nosuch fails");
        var sections = Sections(r.Stdout, ["help", "help wrlweak", "!help !membuf", "help nosuch"]);
        var listed = sections[0].Output.Split('\n').Select(l => l.Trim().Split(' ')[0]).ToHashSet();
        // From the test's own list of the extension's bang names (the engine's export list), not from the session.
        foreach (var name in new[] { "!wrlweak", "!wrlobj", "!wrlrefs", "!membuf", "!wrlscan", "!help", "dt", "ln" })
            Assert.IsTrue(listed.Contains(name), $"{name} in:\n{sections[0].Output}");
        foreach (var c in CommandCatalog.Extension)
            Assert.IsTrue(listed.Contains("!" + c.Declaration.ExtensionName), c.Declaration.Name);
        StringAssert.StartsWith(sections[1].Output, "!wrlweak ");
        StringAssert.StartsWith(sections[2].Output, "!membuf ");
        Assert.AreEqual("", sections[3].Output);
        StringAssert.Contains(r.Stderr, "no command 'nosuch'");
    }

    [TestMethod]
    public void AnUnusableDumpIsRefusedBeforeTheSession()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a minidump");
            var r = CliRunner.Run(AnalyzeCommand.Name, file, "-c", "help");
            Assert.AreEqual(ExitCodes.InputUnusable, r.ExitCode);
            Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
            Assert.AreEqual("", r.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void QuitEndsAScriptAndALaterCommandDoesNotRun()
    {
        var dump = Fixture("x64", "weak_refs", ".dmp");
        var r = Analyze(dump, ["exit", "!nosuchcommand"]);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual("> exit\n", r.Stdout);
    }
}
