using System.Diagnostics;
using WrlDbgExt.Cli.Commands;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Cli.Tests;

/// <summary>
/// Hostile dumps at scale (issue 13, part 5): each real third-party dump in ../shared, mutated MUTATIONS times
/// (2,000 by default; WRLDBG_HOSTILE_MUTATIONS sets it) by byte flips, boundary values written over 4-byte fields,
/// cuts and copied spans, run through the command code of <c>info</c>, <c>scan</c> and <c>triage</c> in process:
/// every run ends with a result or one clear error (exit 0 or 3, and then one line on stderr), within 2 s and
/// 256 MB of allocation. A failing input is kept in the temporary folder the message names.
/// </summary>
[TestClass]
public sealed class HostileDumpBatteryTests
{
    private const long MaxAllocatedBytes = 256L << 20;
    private static readonly TimeSpan MaxTime = TimeSpan.FromSeconds(2);

    private static int Mutations =>
        int.TryParse(Environment.GetEnvironmentVariable("WRLDBG_HOSTILE_MUTATIONS"), out int n) && n > 0 ? n : 2000;

    public static IEnumerable<object[]> RealDumps() =>
        new[]
        {
            "windows-x64/rust-minidump_invalid-parameter.dmp", "windows-x64/electron-node-minidump_windows.dmp",
            "windows-x64/breakpad_tiny-exe-fastfail.dmp", "windows-x86/breakpad_minidump2.dmp", "windows-x86/breakpad_thread_name_list.dmp",
            "nonwindows/rust-minidump_linux-mini.dmp", "malformed/lldb_regions-memlist64.dmp", "malformed/rust-minidump_invalid-range.dmp",
        }.Select(f => new object[] { f });

    [TestMethod]
    [DynamicData(nameof(RealDumps))]
    public void EveryMutationEndsWithAResultOrOneClearError(string file)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null)
        {
            if (Prerequisites.IsCi) Assert.Fail(SharedTestData.AbsentReason);
            Assert.Inconclusive(SharedTestData.AbsentReason);
        }
        var original = File.ReadAllBytes(path);
        var folder = Directory.CreateTempSubdirectory("wrldbg-hostile-");
        var random = new Random(StableSeed(file)); // string.GetHashCode differs per process: a failure must replay
        int refused = 0, done = 0;
        for (int i = 0; i < Mutations; i++)
        {
            var input = Path.Combine(folder.FullName, $"{Path.GetFileNameWithoutExtension(file)}-{i}.dmp");
            File.WriteAllBytes(input, Mutate(original, random));
            foreach (var command in new[] { "info", "scan" })
            {
                var (code, stderr) = Within(input, command, () =>
                {
                    var stdout = new StringWriter();
                    var errors = new StringWriter();
                    return (Cli.Run([command, input], stdout, errors), errors.ToString());
                });
                Assert.IsTrue(code is ExitCodes.Done or ExitCodes.InputUnusable, $"{command} {input}: exit {code}: {stderr}");
                if (code == ExitCodes.Done) done++;
                else
                {
                    refused++;
                    Assert.AreEqual(1, stderr.TrimEnd('\n').Split('\n').Length, $"{command} {input}: not one line: {stderr}");
                }
            }
            var (result, _) = Within(input, "triage", () => (DumpTriage.Run(input, CancellationToken.None), ""));
            Assert.IsNotNull(result, $"triage {input}");
            File.Delete(input);
        }
        folder.Delete(recursive: true);
        Assert.IsTrue(done + refused == 2 * Mutations, $"{done} done, {refused} refused");
    }

    /// <summary>
    /// A sample of 200 mutations (25 of each dump) through the CLI binary, as users run it: exit 0 or 3, one line on
    /// stderr when 3, within 2 s each for <c>info</c> and <c>scan</c>; then one <c>triage</c> of all 200 reports
    /// every file (a JSON line each) and exits 0.
    /// </summary>
    [TestMethod]
    public void TwoHundredMutationsThroughTheBinary()
    {
        if (SharedTestData.RealDumps is null)
        {
            if (Prerequisites.IsCi) Assert.Fail(SharedTestData.AbsentReason);
            Assert.Inconclusive(SharedTestData.AbsentReason);
        }
        var folder = Directory.CreateTempSubdirectory("wrldbg-hostile-binary-");
        var random = new Random(200);
        var inputs = new List<string>();
        foreach (var file in RealDumps().Select(r => (string)r[0]))
        {
            var original = File.ReadAllBytes(SharedTestData.RealDump(file)!);
            for (int i = 0; i < 25; i++)
            {
                var input = Path.Combine(folder.FullName, $"{Path.GetFileNameWithoutExtension(file)}-{i}.dmp");
                File.WriteAllBytes(input, Mutate(original, random));
                inputs.Add(input);
            }
        }
        foreach (var input in inputs)
            foreach (var command in new[] { "info", "scan" })
            {
                var clock = Stopwatch.StartNew();
                var r = CliRunner.RunProcess(command, input);
                Assert.IsTrue(clock.Elapsed <= MaxTime, $"{command} {input}: {clock.Elapsed.TotalMilliseconds:F0} ms");
                Assert.IsTrue(r.ExitCode is ExitCodes.Done or ExitCodes.InputUnusable, $"{command} {input}: exit {r.ExitCode}: {r.Stderr}");
                if (r.ExitCode == ExitCodes.InputUnusable)
                    Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, $"{command} {input}: not one line: {r.Stderr}");
            }
        var triage = CliRunner.RunProcess("triage", "--json", "--no-progress", folder.FullName);
        Assert.AreEqual(ExitCodes.Done, triage.ExitCode, triage.Stderr);
        var reported = triage.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("path", out _)).Select(e => Path.GetFileName(e.GetProperty("path").GetString()!)).ToHashSet();
        CollectionAssert.AreEquivalent(inputs.Select(Path.GetFileName).ToList(), reported.ToList());
        folder.Delete(recursive: true);
    }

    // Runs one command, held to the time and allocation limits (this thread's allocations: the commands run on it).
    private static T Within<T>(string input, string command, Func<T> run)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = run();
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.IsTrue(clock.Elapsed <= MaxTime, $"{command} {input}: {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.IsTrue(allocated <= MaxAllocatedBytes, $"{command} {input}: {allocated >> 20} MB allocated");
        return result;
    }

    private static int StableSeed(string text)
    {
        uint h = 2166136261; // FNV-1a
        foreach (char c in text) h = (h ^ c) * 16777619;
        return (int)(h & 0x7FFFFFFF);
    }

    private static readonly uint[] Boundaries = [0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x10000, 0x1000];

    /// <summary>One to four of: flipped bytes, a boundary or nearby-length value over an aligned 4-byte field, a cut, a copied span.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        for (int n = random.Next(1, 5); n > 0 && bytes.Length > 8; n--)
        {
            switch (random.Next(4))
            {
                case 0:
                    for (int k = random.Next(1, 17); k > 0; k--) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    {
                        // Streams' sizes, counts and RVAs are 4-byte fields; the header and directory hold the most.
                        int at = (random.Next(2) == 0 ? random.Next(Math.Min(bytes.Length, 0x400)) : random.Next(bytes.Length)) & ~3;
                        if (at + 4 > bytes.Length) break;
                        uint value = random.Next(3) == 0 ? (uint)(bytes.Length + random.Next(-16, 17)) : Boundaries[random.Next(Boundaries.Length)];
                        BitConverter.TryWriteBytes(bytes.AsSpan(at), value);
                        break;
                    }
                case 2:
                    bytes = bytes[..random.Next(8, bytes.Length)];
                    break;
                default:
                    {
                        int length = random.Next(1, Math.Min(256, bytes.Length / 2)), from = random.Next(bytes.Length - length), to = random.Next(bytes.Length - length);
                        Array.Copy(bytes, from, bytes, to, length);
                        break;
                    }
            }
        }
        return bytes;
    }
}
