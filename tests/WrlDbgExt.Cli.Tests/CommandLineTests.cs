using System.Text.Json;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Cli.Tests;

/// <summary>The CLI as a WinDbg user expects it: messages, usage before the dump, JSON errors, help from the declarations.</summary>
[TestClass]
public class CommandLineTests
{
    private static string Sample => Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64.dmp");

    private static void OneLine(CliRunner.Result r) =>
        Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);

    [TestMethod]
    public void AnUnknownCommandIsNamed()
    {
        var r = CliRunner.Run("frob", "x.dmp");
        Assert.AreEqual(2, r.ExitCode);
        StringAssert.StartsWith(r.Stderr, "wrldbg: unknown command 'frob'");
        OneLine(r);
    }

    [TestMethod]
    public void AtIsARegisterNotAResponseFile()
    {
        var r = CliRunner.Run("weak", Sample, "@rcx");
        Assert.AreEqual(2, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stderr, "a dump's CLI has no registers");
        OneLine(r);
    }

    [TestMethod]
    [DataRow("0x", "no digits follow '0x'")]
    [DataRow("0n", "no digits follow '0n'")]
    [DataRow("poi(1000)", "is an expression")]
    [DataRow("weak_refs!Checkpoint", "is a symbol")]
    public void AddressMistakesSayWhat(string address, string message)
    {
        var r = CliRunner.Run("weak", Sample, address);
        Assert.AreEqual(2, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stderr, message);
    }

    [TestMethod]
    [DataRow("0", "in the never-mapped first 64 KiB")]
    [DataRow("0xfff8", "in the never-mapped first 64 KiB")]
    [DataRow("0xffffffffffffffff", "not a user-mode address")]
    [DataRow("0x0000800000000000", "not a user-mode address")]
    public void RefsRefusesAddressesNoObjectCanHave(string address, string message)
    {
        // Searching for null or a kernel address would list every null word (or wrap past the top): one line, exit 3.
        var r = CliRunner.Run("refs", Sample, address);
        Assert.AreEqual(3, r.ExitCode, r.Stdout + r.Stderr);
        StringAssert.Contains(r.Stderr, message);
        OneLine(r);
    }

    [TestMethod]
    public void UsageErrorsAreFoundBeforeTheDumpIsOpened()
    {
        // The dump does not exist: a bad address or option must still be the answer (2), not the missing file (3).
        foreach (var args in new[] { new[] { "weak", "/nonexistent.dmp", "0x" }, ["weak", "/nonexistent.dmp", "10", "--flavour", "nosuch"], ["weak", "/nonexistent.dmp", "@rcx"] })
        {
            var r = CliRunner.Run(args);
            Assert.AreEqual(2, r.ExitCode, $"{string.Join(' ', args)}: {r.Stderr}");
            Assert.IsFalse(r.Stderr.Contains("no such file"), r.Stderr);
        }
    }

    [TestMethod]
    public void WithJsonAnErrorIsAlsoAJsonDocument()
    {
        foreach (var (args, category, code) in new[]
        {
            (new[] { "weak", Sample, "0x1000", "--json" }, "input-unusable", 3),
            (new[] { "weak", Sample, "zz", "--json" }, "usage-error", 2),
            (new[] { "weak", "/nonexistent.dmp", "10", "--json" }, "input-unusable", 3),
            (new[] { "weak", Sample, "10", "--json", "--bogus" }, "usage-error", 2),
        })
        {
            var r = CliRunner.Run(args);
            Assert.AreEqual(code, r.ExitCode, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.AreEqual("wrldbg.error", doc.RootElement.GetProperty("schema").GetString());
            Assert.AreEqual(category, doc.RootElement.GetProperty("category").GetString());
            Assert.AreEqual(r.Stderr.TrimEnd('\n')["wrldbg: ".Length..], doc.RootElement.GetProperty("error").GetString());
        }
    }

    [TestMethod]
    public void MessagesNameNoDotNetTypes()
    {
        foreach (var args in new[] { new[] { "weak", Sample, "zz" }, ["weak", Sample], ["weak", Sample, "0x1000"], ["info", "/"], ["dt", Sample, "NoSuchType"], ["weak", Sample, "1", "2"] })
        {
            var r = CliRunner.Run(args);
            Assert.AreNotEqual(0, r.ExitCode);
            foreach (var word in new[] { "Exception", "System.", "NullReference", "   at " })
                Assert.IsFalse(r.Stderr.Contains(word, StringComparison.Ordinal), $"{string.Join(' ', args)}: {r.Stderr}");
        }
    }

    [TestMethod]
    public void RootAndCommandHelpAgreeWithTheDeclarations()
    {
        var root = CliRunner.Run("--help");
        Assert.AreEqual(0, root.ExitCode);
        foreach (var command in Cli.Commands)
        {
            var spec = command.Declaration;
            var help = CliRunner.Run(spec.Name, "--help");
            Assert.AreEqual(0, help.ExitCode, spec.Name);
            // The root lists the command with the first words of its summary; its own help starts with that summary.
            var first = CommandBinder.Capitalise(spec.Summary);
            StringAssert.Contains(Flatten(root.Stdout), first[..Math.Min(40, first.Length)], spec.Name);
            StringAssert.Contains(Flatten(help.Stdout), Flatten(first), spec.Name);
            foreach (var option in spec.AllOptions) StringAssert.Contains(help.Stdout, "--" + option.Name, spec.Name);
            foreach (var argument in spec.Arguments) StringAssert.Contains(help.Stdout, argument.Name.ToUpperInvariant(), spec.Name);
        }
    }

    [TestMethod]
    public void EveryExampleInHelpWorksOnTheReadmeSample()
    {
        int ran = 0;
        foreach (var command in Cli.Commands)
        {
            var help = CliRunner.Run(command.Declaration.Name, "--help").Stdout;
            var sample = Path.Combine(SharedTestData.RepoRoot, command.Declaration.SamplePath);
            if (command.Declaration.Examples.Count > 0) Assert.IsTrue(File.Exists(sample), $"{command.Declaration.Name}: no sample {sample}");
            foreach (var example in command.Declaration.Examples)
            {
                var line = CommandSyntax.Invocation(HostSyntax.Cli, command.Declaration, example.Options, example.Arguments, command.Declaration.SamplePath);
                StringAssert.Contains(help, line, "the help shows the example as it runs");
                var args = new List<string> { command.Declaration.Name, sample };
                foreach (var o in example.Options)
                {
                    int eq = o.IndexOf('=');
                    args.Add("--" + (eq < 0 ? o : o[..eq]));
                    if (eq >= 0) args.Add(o[(eq + 1)..]);
                }
                args.AddRange(example.Arguments);
                var r = CliRunner.Run([.. args]);
                Assert.AreEqual(0, r.ExitCode, $"{line}: {r.Stderr}");
                Assert.IsFalse(r.Stdout.Contains("not a control block"), line);
                ran++;
            }
        }
        Assert.IsTrue(ran >= 4, $"ran {ran} examples");
        // The examples point at manifest objects, so they show what the manifest says.
        var manifest = FixtureManifest.Load(Path.ChangeExtension(Sample, ".manifest.json"));
        Assert.IsTrue(manifest.Objects.Any(o => o.Name == "wrl-alive" && o.Address == 0x244f30));
        var buffers = FixtureManifest.Load(Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "memory_buffers-x64.manifest.json"));
        Assert.IsTrue(buffers.Objects.Any(o => o.Name == "buffer-closed-with-references" && o.Address == 0x245310));
        Assert.IsTrue(buffers.Objects.Any(o => o.Name == "reference-with-closed-handler" && o.Address == 0x245510));
        Assert.IsTrue(buffers.Objects.Any(o => o.Name == "reference-closed-data-kept" && o.Address == 0x245740));
    }

    [TestMethod]
    public void AnInterruptedCommandExits130()
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Cli.Run(["weak", Sample, "0x244f30"], stdout, stderr, new CancellationToken(canceled: true));
        Assert.AreEqual(130, code, stderr.ToString());
        Assert.AreEqual("wrldbg: interrupted\n", stderr.ToString());
        Assert.AreEqual("", stdout.ToString());
    }

    [TestMethod]
    public void OnAnX86DumpASixtyFourBitAddressIsRefusedNotTruncated()
    {
        var (scenario, dump) = ScenarioDumps.For(Core.Targets.TargetArchitecture.X86);
        var alive = scenario.Object("alive");
        var r = CliRunner.Run("weak", dump, $"0x1{alive.Address:x8}");
        Assert.AreEqual(2, r.ExitCode, r.Stdout);
        StringAssert.Contains(r.Stderr, "beyond the 32-bit address space of this x86 target");
        Assert.AreEqual("", r.Stdout);
    }

    private static string Flatten(string text) => string.Join(' ', text.Split((char[])['\n', ' ', '\r'], StringSplitOptions.RemoveEmptyEntries));
}
