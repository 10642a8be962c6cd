using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using WrlDbgExt.Pdb.Tests.Support;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>
/// Mutation fuzzing of the reader (issue 11, item 5): inputs made from the test PDBs by flipping bits, planting
/// boundary values in the structures the reader trusts first (superblock, stream directory, stream sizes and block
/// numbers, stream headers) and anywhere, splicing blocks and cutting the file short; every input must give a
/// result or one-line <see cref="PdbFormatException"/>s (<see cref="HostileRun"/>), within 1 s. An input that does
/// not is kept under artifacts/fuzz/pdb/ for a regression test. Count and time: WRLDBG_PDB_FUZZ_INPUTS (default
/// 3000) and WRLDBG_PDB_FUZZ_SECONDS (default 120) — scripts/fuzz-pdb.sh runs 100,000 (figures in the README).
/// Seeded by WRLDBG_PDB_FUZZ_SEED (default 1), so a run can be repeated.
/// </summary>
[TestClass]
public sealed class PdbFuzzTests
{
    private static readonly uint[] Interesting = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x1000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(1);

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;

    [TestMethod]
    public void MutatedPdbsGiveAResultOrOneLineErrors()
    {
        int inputs = Setting("WRLDBG_PDB_FUZZ_INPUTS", 3000), seconds = Setting("WRLDBG_PDB_FUZZ_SECONDS", 120);
        var random = new Random(Setting("WRLDBG_PDB_FUZZ_SEED", 1));
        // The small PDBs carry most inputs (each input asks the reader everything); the fixtures some.
        var seeds = new[] { "x64/layouts", "x86/layouts", "x86/layouts-512", "x64/layouts-8192", "x64/memory_buffers", "x86/weak_refs" }
            .Select(k => (Key: k, Bytes: File.ReadAllBytes(TestPdbs.PathOf(k)))).ToList();
        var clock = Stopwatch.StartNew();
        int ran = 0, refusedSome = 0;
        long slowest = 0;
        for (; ran < inputs && clock.Elapsed.TotalSeconds < seconds; ran++)
        {
            var seed = seeds[random.Next(100) < 80 ? random.Next(4) : 4 + random.Next(seeds.Count - 4)];
            var input = Mutate(seed.Bytes, random);
            string label = $"fuzz input {ran} from {seed.Key}";
            var one = Stopwatch.StartNew();
            try
            {
                if (HostileRun.Exercise(input, label) > 0) refusedSome++;
            }
            catch (Exception)
            {
                Keep(input, ran);
                throw;
            }
            slowest = Math.Max(slowest, one.ElapsedMilliseconds);
            if (one.Elapsed > PerInput)
            {
                Keep(input, ran);
                Assert.Fail($"{label}: {one.ElapsedMilliseconds} ms (more than {PerInput.TotalMilliseconds} ms); kept under artifacts/fuzz/pdb");
            }
        }
        Console.WriteLine($"pdb-fuzz: {ran} inputs in {clock.Elapsed.TotalSeconds:0.0} s from {seeds.Count} seeds; {refusedSome} refused somewhere, slowest {slowest} ms");
        Assert.IsTrue(ran >= Math.Min(inputs, 500), $"only {ran} inputs ran in {seconds} s");
    }

    /// <summary>One to four mutations of a copy; structured ones aim at what the reader reads before anything else.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var data = (byte[])seed.Clone();
        int blockSize = (int)Math.Clamp(MsfLayout.U32(data, 32), 512u, 8192u);
        for (int n = 1 + random.Next(4); n > 0; n--)
        {
            int kind = random.Next(7);
            if (data.Length < 64 && kind is >= 1 and <= 5) kind = 0; // cut below the superblock: only flips and cuts left
            switch (kind)
            {
                case 0: // bit flips anywhere
                    for (int k = 1 + random.Next(8); k > 0; k--) data[random.Next(data.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1: // a boundary value in the superblock (block size, free map, block count, directory size and block)
                    MsfLayout.Put32(data, 32 + 4 * random.Next(6), Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2: // a boundary value in the stream directory's first block (stream count, sizes, block numbers)
                {
                    uint directoryMap = MsfLayout.U32(data, 52);
                    long at = (long)directoryMap * blockSize;
                    if (at >= 0 && at + 4 <= data.Length)
                    {
                        long directory = (long)MsfLayout.U32(data, (int)at) * blockSize + 4 * random.Next(blockSize / 4);
                        if (directory + 4 <= data.Length) MsfLayout.Put32(data, (int)directory, Interesting[random.Next(Interesting.Length)]);
                    }
                    break;
                }
                case 3: // a boundary value in some block's first words (stream headers start at block boundaries)
                {
                    int block = random.Next(Math.Max(1, data.Length / blockSize));
                    int at = block * blockSize + 4 * random.Next(16);
                    if (at + 4 <= data.Length) MsfLayout.Put32(data, at, Interesting[random.Next(Interesting.Length)]);
                    break;
                }
                case 4: // a random aligned word anywhere
                {
                    int at = random.Next(Math.Max(1, data.Length / 4 - 1)) * 4;
                    BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at), (uint)random.Next() ^ (uint)random.Next() << 16);
                    break;
                }
                case 5: // one block copied over another
                {
                    int blocks = Math.Max(1, data.Length / blockSize);
                    int from = random.Next(blocks) * blockSize, to = random.Next(blocks) * blockSize;
                    int length = Math.Min(blockSize, Math.Min(data.Length - from, data.Length - to));
                    if (length > 0) Array.Copy(data, from, data, to, length);
                    break;
                }
                default: // cut short
                    data = data[..Math.Max(1, random.Next(data.Length))];
                    break;
            }
        }
        return data;
    }

    private static void Keep(byte[] input, int number)
    {
        var dir = Path.Combine(SharedTestData.RepoRoot, "artifacts", "fuzz", "pdb");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, $"input-{number}.pdb"), input);
    }
}
