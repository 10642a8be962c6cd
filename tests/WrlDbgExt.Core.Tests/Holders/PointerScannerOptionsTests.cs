using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Holders;

/// <summary>
/// The scan's options (docs/debugger-engine.md §17): reading ahead on a second thread changes nothing in what is found
/// nor in its order; Below stops the walk at an address; a GrowingSearch compares every chunk from the one in which a
/// range was added. Expected hits come from a plain word-by-word loop over the test's own bytes.
/// </summary>
[TestClass]
public sealed class PointerScannerOptionsTests
{
    private const ulong HeapA = 0x10_0000, HeapB = 0x90_0000, Image = 0x40_0000, ImageSize = 0x1000;

    /// <summary>An in-memory target that says its reads may overlap, as a dump file's do.</summary>
    private sealed class ConcurrentTarget(InMemoryTarget inner) : ITargetMemory, IMemoryRegions, IModuleList
    {
        public TargetArchitecture Architecture => inner.Architecture;
        public int PointerSize => inner.PointerSize;
        public int Read(ulong address, Span<byte> buffer) => inner.Read(address, buffer);
        public IReadOnlyList<MemoryRegion> Regions => inner.Regions;
        public IReadOnlyList<TargetModule> Modules => inner.Modules;
        public bool ReadsConcurrently => true;
    }

    private static (ConcurrentTarget Target, List<(ulong Address, ulong Value)> Words) Make(int seed)
    {
        var random = new Random(seed);
        var inner = new InMemoryTarget(TargetArchitecture.X64).AddModule(new TargetModule(@"C:\t\m.dll", Image, (uint)ImageSize, 0, null, null));
        var words = new List<(ulong, ulong)>();
        foreach (var (start, size) in new[] { (HeapA, 0x5_3000), (HeapB, 0x2_1008) })
        {
            var bytes = new byte[size];
            for (int i = 0; i < size; i += 8)
            {
                ulong v = random.Next(40) == 0 ? Image + (ulong)random.Next((int)ImageSize) : (ulong)random.NextInt64();
                if (random.Next(60) == 0) v = HeapA + 0x100 + (ulong)random.Next(0x40); // words pointing at a "block" in HeapA
                BitConverter.TryWriteBytes(bytes.AsSpan(i), v);
                words.Add((start + (ulong)i, v));
            }
            inner.AddRegion(start, bytes);
        }
        return (new ConcurrentTarget(inner), words);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void ReadingAheadFindsTheSameHitsInTheSameOrder(int seed)
    {
        var (target, words) = Make(seed);
        var expected = words.Where(w => w.Value - Image < ImageSize).Select(w => w.Address).ToList();
        foreach (bool ahead in new[] { false, true })
        {
            var found = new List<ulong>();
            var result = PointerScanner.Scan(target, [new WantedRange(Image, ImageSize)], chunkBytes: 0x1000, onHit: h => found.Add(h.Address),
                options: new PointerScanOptions(ReadAhead: ahead))!;
            CollectionAssert.AreEqual(expected, found, $"readAhead {ahead}");
            Assert.AreEqual((ulong)words.Count * 8, result.BytesSearched, $"readAhead {ahead}");
            Assert.IsFalse(result.Cancelled);
        }
    }

    [TestMethod]
    public void ReadingAheadStopsWhenCancelled()
    {
        var (target, _) = Make(3);
        int polls = 0;
        var result = PointerScanner.Scan(target, [new WantedRange(Image, ImageSize)], cancelled: () => ++polls > 5, chunkBytes: 0x1000,
            options: new PointerScanOptions(ReadAhead: true))!;
        Assert.IsTrue(result.Cancelled);
        Assert.IsTrue(result.BytesSearched <= 5 * 0x1000UL, $"{result.BytesSearched} bytes searched after cancelling");
    }

    [TestMethod]
    public void BelowStopsTheWalkAtAnAddress()
    {
        var (target, words) = Make(4);
        ulong below = HeapA + 0x2_0000;
        var found = new List<ulong>();
        var result = PointerScanner.Scan(target, [new WantedRange(Image, ImageSize)], onHit: h => found.Add(h.Address),
            options: new PointerScanOptions(Below: below))!;
        CollectionAssert.AreEqual(words.Where(w => w.Address < below && w.Value - Image < ImageSize).Select(w => w.Address).ToList(), found);
        Assert.AreEqual(0x2_0000UL, result.BytesSearched);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void AGrowingSearchComparesFromTheChunkWhereItsRangeWasAdded(bool ahead)
    {
        var (target, words) = Make(5);
        const int chunk = 0x1000;
        var block = new WantedRange(HeapA + 0x100, 0x40);
        var grown = new List<ulong>();
        var also = new GrowingSearch(h => grown.Add(h.Address));
        ulong? addedAt = null;
        PointerScanner.Scan(target, [new WantedRange(Image, ImageSize)], chunkBytes: chunk, onHit: h =>
        {
            // The block "becomes known" at the 30th image pointer, as a destroyed block does at its candidate.
            if (addedAt is null && h.Address > HeapA + 0x8000) { addedAt = h.Address; also.Add(block); }
        }, options: new PointerScanOptions(ReadAhead: ahead, Also: also));
        Assert.IsNotNull(addedAt);
        ulong chunkStart = HeapA + (addedAt.Value - HeapA) / chunk * chunk;
        var expected = words.Where(w => w.Address >= chunkStart && block.Contains(w.Value)).Select(w => w.Address).ToList();
        Assert.IsTrue(expected.Count > 10, $"{expected.Count} words point into the block after it was added");
        CollectionAssert.AreEqual(expected, grown);
    }
}
