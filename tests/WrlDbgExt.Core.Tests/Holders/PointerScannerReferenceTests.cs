using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Holders;

/// <summary>
/// The vectorised scan (envelopes of the wanted ranges, then an exact lookup) against a naive loop: every aligned
/// word of every region, each wanted range tried in the caller's order. Random data with planted pointers at and
/// just beyond every range's ends; regions and ranges starting and ending off the vector width.
/// </summary>
[TestClass]
public sealed class PointerScannerReferenceTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64, 3, 1 << 20)]
    [DataRow(TargetArchitecture.X64, 40, 4096 + 24)]
    [DataRow(TargetArchitecture.X64, 200, 1 << 16)]
    [DataRow(TargetArchitecture.X86, 3, 1 << 20)]
    [DataRow(TargetArchitecture.X86, 40, 4096 + 12)]
    [DataRow(TargetArchitecture.X86, 200, 1 << 16)]
    public void FindsWhatANaiveLoopFinds(TargetArchitecture arch, int rangeCount, int chunkBytes)
    {
        int ptr = arch == TargetArchitecture.X64 ? 8 : 4;
        var random = new Random(rangeCount * 31 + ptr);
        var wanted = Ranges(random, ptr, rangeCount);
        var target = new InMemoryTarget(arch);
        var regions = new List<(ulong Start, byte[] Bytes)>();
        ulong at = 0x1000_0003; // unaligned: the scan starts at the first aligned word
        foreach (int length in new[] { 5, 200_003, 64 * 1024 + 3 * ptr, 97, 300_000 + 1 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Plant(random, bytes, at, ptr, wanted);
            target.AddRegion(at, bytes);
            regions.Add((at, bytes));
            at += (ulong)length + 0x1001;
        }

        var expected = new List<PointerHit>();
        foreach (var (start, bytes) in regions)
        {
            for (ulong a = (start + (ulong)ptr - 1) / (ulong)ptr * (ulong)ptr; a + (ulong)ptr <= start + (ulong)bytes.Length; a += (ulong)ptr)
            {
                int o = (int)(a - start);
                ulong v = ptr == 8 ? BitConverter.ToUInt64(bytes, o) : BitConverter.ToUInt32(bytes, o);
                int r = wanted.FindIndex(w => w.Contains(v));
                if (r >= 0) expected.Add(new PointerHit(a, v, r));
            }
        }
        Assert.IsTrue(expected.Count > 40, $"{expected.Count} planted hits");

        var seen = new List<PointerHit>();
        var streamed = PointerScanner.Scan(target, wanted, chunkBytes: chunkBytes, onHit: seen.Add)!;
        CollectionAssert.AreEqual(expected, seen);
        Assert.AreEqual(expected.Count, streamed.TotalHits);

        var listed = PointerScanner.Scan(target, wanted, chunkBytes: chunkBytes)!;
        CollectionAssert.AreEqual(expected.Take(PointerScanner.MaxHits).ToList(), listed.Hits.ToList());
        Assert.AreEqual(expected.Count, listed.TotalHits);
    }

    [TestMethod]
    public void ARangeCoveringEveryValueMatchesEveryWord()
    {
        var bytes = new byte[4096 + 8];
        new Random(3).NextBytes(bytes);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x10000, bytes);
        // Two halves of the whole 64-bit space: their union is every value, which no single envelope can express.
        var wanted = new List<WantedRange> { new(0, 1UL << 63), new(1UL << 63, 1UL << 63) };
        var result = PointerScanner.Scan(target, wanted, onHit: _ => { })!;
        Assert.AreEqual(bytes.Length / 8, result.TotalHits);
    }

    /// <summary>Image-like ranges in clusters (an exe low, DLLs high, a few heap ones), odd starts and sizes, some overlapping, one wrapping past the top.</summary>
    private static List<WantedRange> Ranges(Random random, int ptr, int count)
    {
        var ranges = new List<WantedRange>();
        ulong dlls = ptr == 8 ? 0x7ffa_0000_0000UL : 0x7000_0000UL;
        for (int i = 0; i < count; i++)
        {
            ulong size = (ulong)random.Next(1, 0x40000) | 1; // odd: not a multiple of anything
            ulong start = (i % 5) switch
            {
                0 => 0x40_0000UL + (ulong)i * 0x10_0003,
                1 => 0x2000_0000UL + (ulong)random.Next(0, 0x100_0000),
                _ => dlls + (ulong)i * 0x5_0001,
            };
            ranges.Add(new WantedRange(start, size));
        }
        ranges.Add(new WantedRange(ranges[^1].Start + 5, 0x100)); // overlaps the previous one: the first index wins
        if (ptr == 8) ranges.Add(new WantedRange(ulong.MaxValue - 0x10, 0x20)); // wraps to [0, 0xf)
        return ranges;
    }

    /// <summary>Words at each range's first and last value, one past either end, and inside, at random aligned offsets.</summary>
    private static void Plant(Random random, byte[] bytes, ulong start, int ptr, List<WantedRange> wanted)
    {
        int first = (int)((ulong)(ptr - (int)(start % (ulong)ptr)) % (ulong)ptr);
        int words = (bytes.Length - first) / ptr;
        if (words <= 0) return;
        foreach (var w in wanted)
        {
            foreach (ulong v in new[] { w.Start, w.Start + w.Size - 1, w.Start - 1, w.Start + w.Size, w.Start + (ulong)random.Next(0, (int)w.Size) })
            {
                int o = first + random.Next(words) * ptr;
                if (ptr == 8) BitConverter.TryWriteBytes(bytes.AsSpan(o), v);
                else BitConverter.TryWriteBytes(bytes.AsSpan(o), (uint)v);
            }
        }
    }
}
