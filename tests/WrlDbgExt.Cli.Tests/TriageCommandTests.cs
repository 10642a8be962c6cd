using System.Security.Cryptography;
using System.Text.Json;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;
using CoreFlavours = WrlDbgExt.Core.Flavours.FlavourCatalog;

namespace WrlDbgExt.Cli.Tests;

/// <summary>
/// <c>wrldbg triage</c> over a folder mixing the engine-made dumps, truncated copies, third-party non-Windows and
/// malformed dumps, an ELF file and text: each file's status from a table of this test, hashes from the BCL, finding
/// counts from the targets' manifests, exit codes for --fail-on, order and output independent of -j, sharding.
/// </summary>
[TestClass]
public class TriageCommandTests
{
    private static string _folder = "";
    private static readonly Dictionary<string, (string Status, string? Problem)> Expected = [];
    private static readonly Dictionary<string, (string Arch, string Target)> Fixtures = [];

    [ClassInitialize]
    public static void BuildFolder(TestContext _)
    {
        _folder = Path.Combine(Path.GetTempPath(), "wrldbg-triage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        void Add(string relative, string status, string? problem) => Expected[relative] = (status, problem);
        string Place(string relative)
        {
            var path = Path.Combine(_folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return path;
        }

        foreach (var (arch, target) in new[] { ("x64", "weak_refs"), ("x64", "memory_buffers"), ("x86", "weak_refs") })
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            if (!File.Exists(dump)) continue; // the tests that need them say so
            var relative = $"good/{arch}/deeper/{target}.dmp";
            File.Copy(dump, Place(relative));
            Add(relative, "ok", null);
            Fixtures[relative] = (arch, target);
        }
        var x64 = FixtureSet.File("x64", "weak_refs", ".dmp");
        if (File.Exists(x64))
        {
            var bytes = File.ReadAllBytes(x64);
            File.WriteAllBytes(Place("cut/header-only.dmp"), bytes[..100]);  // the stream directory runs past the end
            Add("cut/header-only.dmp", "unreadable", "truncated");
            File.WriteAllBytes(Place("cut/half.dmp"), bytes[..(bytes.Length / 2)]); // opens; part of its memory is missing
            Add("cut/half.dmp", "ok", null);
        }
        if (SharedTestData.RealDumps is not null)
        {
            foreach (var (relative, problem) in new[]
            {
                ("nonwindows/rust-minidump_linux-mini.dmp", "not-windows"),
                ("malformed/rust-minidump_invalid-range.dmp", "malformed"),
                ("malformed/lldb_regions-memlist64.dmp", "malformed"),
            })
            {
                var link = "real/" + Path.GetFileName(relative);
                File.CreateSymbolicLink(Place(link), SharedTestData.RealDump(relative)!); // read in place, never copied
                Add(link, "unreadable", problem);
            }
        }
        if (OperatingSystem.IsLinux() && Environment.ProcessPath is { } host)
        {
            File.CreateSymbolicLink(Place("bin/host"), host); // the test host's own executable: an ELF file
            Add("bin/host", "unreadable", "elf");
        }
        File.WriteAllText(Place("notes.txt"), "a text file, not a dump\n");
        Add("notes.txt", "unreadable", "not-a-minidump");
        File.WriteAllBytes(Place("empty.dmp"), []);
        Add("empty.dmp", "unreadable", "empty");
    }

    [ClassCleanup]
    public static void RemoveFolder()
    {
        if (_folder.Length > 0 && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static void RequireEverything()
    {
        var missing = new List<string>();
        if (Fixtures.Count < 3) missing.Add("the fixture dumps (artifacts/fixtures)");
        if (SharedTestData.RealDumps is null) missing.Add(SharedTestData.AbsentReason);
        if (missing.Count == 0) return;
        if (Prerequisites.IsCi) Assert.Fail("missing under CI: " + string.Join("; ", missing));
        Assert.Inconclusive(string.Join("; ", missing));
    }

    private static List<JsonElement> Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static string Relative(JsonElement e) =>
        Path.GetRelativePath(_folder, e.GetProperty("path").GetString()!).Replace('\\', '/');

    [TestMethod]
    public void EveryFileOfAMixedFolderIsReportedWithItsStatusAndHash()
    {
        RequireEverything();
        var r = CliRunner.Run("triage", "--json", "-j", "3", _folder);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        var lines = Lines(r.Stdout);
        // One line per file, in sorted path order.
        CollectionAssert.AreEqual(Expected.Keys.Order(StringComparer.Ordinal).ToList(), lines.Select(Relative).ToList());
        foreach (var e in lines)
        {
            var relative = Relative(e);
            var (status, problem) = Expected[relative];
            Assert.AreEqual("wrldbg.triage", e.GetProperty("schema").GetString());
            Assert.AreEqual(1, e.GetProperty("schemaVersion").GetInt32());
            Assert.AreEqual(status, e.GetProperty("status").GetString(), relative);
            Assert.AreEqual(problem, e.GetProperty("problem").GetString(), relative);
            var path = Path.Combine(_folder, relative);
            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), e.GetProperty("sha256").GetString(), relative);
            Assert.AreEqual(File.ReadAllBytes(path).LongLength, e.GetProperty("size").GetInt64(), relative);
            if (status == "unreadable")
            {
                Assert.IsFalse(string.IsNullOrWhiteSpace(e.GetProperty("reason").GetString()), relative);
                Assert.AreEqual(JsonValueKind.Null, e.GetProperty("dump").ValueKind, relative);
            }
        }
        var half = lines.Single(e => Relative(e) == "cut/half.dmp");
        Assert.IsTrue(half.GetProperty("dump").GetProperty("truncated").GetBoolean(), "a dump cut in its memory opens and says it is truncated");
        // The summary (stderr with --json) counts the unreadable files.
        int unreadable = Expected.Values.Count(v => v.Status == "unreadable");
        StringAssert.Contains(r.Stderr, $", {unreadable} unreadable (", r.Stderr);
    }

    [TestMethod]
    public void AFixtureDumpsIdentityAndFindingsAreTheManifests()
    {
        RequireEverything();
        var lines = Lines(CliRunner.Run("triage", "--json", _folder).Stdout);
        foreach (var (relative, (arch, target)) in Fixtures)
        {
            var e = lines.Single(l => Relative(l) == relative);
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            Assert.AreEqual(manifest.Architecture, e.GetProperty("dump").GetProperty("architecture").GetString(), relative);
            Assert.AreEqual(manifest.Module + ".exe", e.GetProperty("process").GetProperty("name").GetString(), relative);
            var modules = e.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
            CollectionAssert.Contains(modules, manifest.Module + ".exe", relative);
            CollectionAssert.Contains(modules, "ntdll.dll", relative);
            Assert.IsNotNull(e.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "ntdll.dll").GetProperty("version").GetString(),
                "ntdll carries a VS_FIXEDFILEINFO version");
            // The targets stop at a breakpoint before they are dumped.
            Assert.AreEqual("0x80000003", e.GetProperty("exception").GetProperty("code").GetString(), relative);

            var blocks = manifest.Objects.Where(o => o.Kind is null && o.Type is not null && !o.Properties.ContainsKey("via")
                && CoreFlavours.ById(o.Flavour) is not null && !ExpectedMissingFlavours.Contains(o.Flavour)).ToList();
            var findings = e.GetProperty("findings").EnumerateArray().ToList();
            int Count(string rule) => findings.Count(f => f.GetProperty("rule").GetString() == rule);
            Assert.AreEqual(blocks.Count(b => b.ExpectedState == "saturated"), Count("saturated-block"), relative);
            Assert.AreEqual(blocks.Count(b => b.ExpectedState == "control-block-destroyed"), Count("destroyed-block") + Count("destroyed-block-referenced"), relative);
            Assert.AreEqual(0, Count("corrupt-block"), $"{relative}: the engine-made dumps hold no corrupt block");
            Assert.AreEqual(blocks.Count(b => b.ExpectedState == "target-destroyed"),
                findings.Where(f => f.GetProperty("rule").GetString() == "dead-targets-kept").Sum(f => f.GetProperty("count").GetInt32()), relative);
        }
    }

    private static IReadOnlySet<string> ExpectedMissingFlavours { get; } =
        File.ReadAllLines(Path.Combine(SharedTestData.RepoRoot, "tests", "WrlDbgExt.Conformance.Tests", "expected-missing-flavours.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);

    [TestMethod]
    public void FailOnSaysWhetherAFindingReachedTheSeverity()
    {
        RequireEverything();
        var weak = Path.Combine(_folder, "good/x64/deeper/weak_refs.dmp");
        var buffers = Path.Combine(_folder, "good/x64/deeper/memory_buffers.dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File("x64", "weak_refs", ".manifest.json"));
        Assert.IsTrue(manifest.Objects.Any(o => o.ExpectedState == "saturated"), "the manifest puts a saturated block (an error finding) in weak_refs");
        Assert.AreEqual(4, CliRunner.Run("triage", "--fail-on", "error", weak).ExitCode);
        Assert.AreEqual(4, CliRunner.Run("triage", "--fail-on", "info", _folder).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("triage", weak).ExitCode, "no --fail-on: findings are results");
        // The buffers' manifest names findings (warnings at most where it names no error); unreadable files are results, not findings.
        var bufferManifest = FixtureManifest.Load(FixtureSet.File("x64", "memory_buffers", ".manifest.json"));
        Assert.IsTrue(bufferManifest.Objects.Any(o => o.Properties.TryGetValue("findings", out var f) && f.Length > 0), "memory_buffers' manifest names findings");
        Assert.AreEqual(4, CliRunner.Run("triage", "--fail-on", "warning", buffers).ExitCode);
        Assert.AreEqual(0, CliRunner.Run("triage", "--fail-on", "info", Path.Combine(_folder, "notes.txt"), Path.Combine(_folder, "cut")).ExitCode);
        var bad = CliRunner.Run("triage", "--fail-on", "fatal", weak);
        Assert.AreEqual(2, bad.ExitCode);
        Assert.AreEqual(1, bad.Stderr.TrimEnd('\n').Split('\n').Length, bad.Stderr);
        Assert.AreEqual(2, CliRunner.Run("triage", "-j", "0", weak).ExitCode);
        Assert.AreEqual(2, CliRunner.Run("triage", "--shard", "3/3", weak).ExitCode);
    }

    [TestMethod]
    public void OutputIsTheSameWhateverTheNumberOfWorkers()
    {
        RequireEverything();
        var one = CliRunner.Run("triage", "--json", "-j", "1", _folder);
        var four = CliRunner.Run("triage", "--json", "-j", "4", _folder);
        Assert.AreEqual(one.Stdout, four.Stdout);
        Assert.AreEqual(one.Stderr, four.Stderr);
        var text1 = CliRunner.Run("triage", "-j", "1", _folder);
        var text4 = CliRunner.Run("triage", "-j", "4", _folder);
        Assert.AreEqual(text1.Stdout, text4.Stdout);
        Assert.AreEqual(Expected.Count, text1.Stdout.Split('\n').Count(l => l.StartsWith(_folder, StringComparison.Ordinal)), text1.Stdout);
    }

    [TestMethod]
    public void ShardsPartitionTheFiles()
    {
        RequireEverything();
        var all = CliRunner.Run("triage", "--json", _folder).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var shards = Enumerable.Range(0, 3).Select(k => CliRunner.Run("triage", "--json", "--shard", $"{k}/3", _folder).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList()).ToList();
        Assert.AreEqual(all.Count, shards.Sum(s => s.Count), "each file in exactly one shard");
        CollectionAssert.AreEquivalent(all, shards.SelectMany(s => s).ToList());
        Assert.IsTrue(shards.Count(s => s.Count > 0) >= 2, "the files spread over the shards");
    }

    [TestMethod]
    public void IncludeKeepsTheMatchingNamesOfFolders()
    {
        RequireEverything();
        var lines = Lines(CliRunner.Run("triage", "--json", "--include", "*.dmp", _folder).Stdout);
        CollectionAssert.AreEqual(Expected.Keys.Where(k => k.EndsWith(".dmp", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList(),
            lines.Select(Relative).ToList());
    }

    [TestMethod]
    public void RedirectedOutputHasNoProgressBar()
    {
        RequireEverything();
        var r = CliRunner.RunProcess("triage", _folder);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual("", r.Stderr, "nothing on stderr: no progress bar, no warning");
        Assert.IsFalse(r.Stdout.Contains('\u001b'), "no terminal escapes");
        Assert.IsFalse(r.Stdout.Contains('━'), "no bar characters");
        var json = CliRunner.RunProcess("triage", "--json", _folder);
        Assert.IsFalse(json.Stderr.Contains('\u001b') || json.Stderr.Contains('━'), json.Stderr);
        Assert.AreEqual(Expected.Count, Lines(json.Stdout).Count, "stdout holds JSON lines only");
    }

    [TestMethod]
    public void AMissingPathIsAResultNotTheEndOfTheRun()
    {
        var missing = Path.Combine(_folder, "no-such-dump.dmp");
        var notes = Path.Combine(_folder, "notes.txt");
        var r = CliRunner.Run("triage", "--json", missing, notes);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        var lines = Lines(r.Stdout);
        Assert.AreEqual(2, lines.Count);
        Assert.AreEqual("missing", lines[0].GetProperty("problem").GetString());
        Assert.AreEqual("not-a-minidump", lines[1].GetProperty("problem").GetString());
        StringAssert.Contains(r.Stderr, "no such file or folder");
    }

    [TestMethod]
    public void HelpShowsTriage()
    {
        StringAssert.Contains(CliRunner.Run("--help").Stdout, "triage");
        var help = CliRunner.Run("help", "triage");
        Assert.AreEqual(0, help.ExitCode);
        StringAssert.StartsWith(help.Stdout, "wrldbg triage ");
        foreach (var option in new[] { "--jobs", "--fail-on", "--shard", "--json", "PATH..." })
            StringAssert.Contains(help.Stdout, option);
        Assert.AreEqual(help.Stdout, CliRunner.Run("triage", "--help").Stdout);
    }
}
