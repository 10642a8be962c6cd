using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>dt</c>, <c>ln</c> and wildcard listings with a damaged PDB on the symbol path (bytes of the target's real PDB
/// mutated, seeded): every run ends with a result or a one-line error and exit code 0, 2 or 3, never an internal
/// error, and in bounded time. The PDB reader's own fuzzing is in WrlDbgExt.Pdb.Tests; this covers the CLI's use of
/// types while printing them (lazily read members, pointees, bases).
/// </summary>
[TestClass]
public class DtDamagedPdbTests
{
    [TestMethod]
    public void MutatedPdbsGiveResultsOrOneLineErrors()
    {
        var dump = Require.FixtureFile("x64", "weak_refs", ".dmp");
        var original = File.ReadAllBytes(Require.FixtureFile("x64", "weak_refs", ".pdb"));
        var folder = Directory.CreateTempSubdirectory("wrldbg-damaged-pdb-");
        try
        {
            var random = new Random(20261202);
            var pdbPath = Path.Combine(folder.FullName, "weak_refs.pdb");
            int refused = 0, runs = 0;
            for (int round = 0; round < 40; round++)
            {
                var bytes = (byte[])original.Clone();
                // The MSF header and directory stay whole (else the PDB is refused before any type is read).
                for (int i = 0; i < 24; i++) bytes[random.Next(0x2000, bytes.Length)] = (byte)random.Next(256);
                File.WriteAllBytes(pdbPath, bytes);
                foreach (var args in new[]
                {
                    new[] { "dt", dump, "weak_refs!gallery::Everything", "-r" },
                    ["dt", dump, "weak_refs!Widget", "0x245090", "-b"],
                    ["dt", dump, "weak_refs!*Weak*"],
                    ["ln", dump, "0x140001000"],
                })
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var r = CliRunner.Run([.. args, "--symbols", folder.FullName]);
                    runs++;
                    Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(20), $"round {round} {string.Join(' ', args)} took {clock.Elapsed}");
                    Assert.IsTrue(r.ExitCode is 0 or 2 or 3, $"round {round} {string.Join(' ', args)}: exit {r.ExitCode} {r.Stderr}");
                    if (r.ExitCode == 0) continue;
                    refused++;
                    Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, $"round {round}: {r.Stderr}");
                }
            }
            Assert.AreEqual(160, runs);
            Console.WriteLine($"{refused} of {runs} runs refused the damaged PDB with a message");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
