using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Tests.Scanning;

/// <summary>The union of ranges answers as a byte map of the same ranges does, whatever the order they come in.</summary>
[TestClass]
public sealed class AddressRangeSetTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void ContainsWhatABitmapOfTheSameRangesHolds(int seed)
    {
        var random = new Random(seed);
        const int span = 4096;
        var bitmap = new bool[span];
        var set = new AddressRangeSet();
        for (int n = 0; n < 300; n++)
        {
            int start = random.Next(span), size = random.Next(0, 40);
            set.Add(0x1000 + (ulong)start, (ulong)size);
            for (int i = start; i < Math.Min(span, start + size); i++) bitmap[i] = true;
            if (n % 50 != 49) continue;
            for (int i = 0; i < span; i++)
                Assert.AreEqual(bitmap[i], set.Contains(0x1000 + (ulong)i), $"seed {seed}, after {n + 1} ranges, +0x{i:x}");
        }
        Assert.IsFalse(set.Contains(0xFFF));
    }

    [TestMethod]
    public void ARangeRunningToTheTopOfTheAddressSpaceStopsThere()
    {
        var set = new AddressRangeSet();
        set.Add(ulong.MaxValue - 7, 100);
        Assert.IsTrue(set.Contains(ulong.MaxValue - 1));
        Assert.IsFalse(set.Contains(ulong.MaxValue - 8));
        Assert.IsFalse(set.Contains(0x10));
    }
}

/// <summary>Which listed modules a scan takes as images (docs/debugger-engine.md §17.5).</summary>
[TestClass]
public sealed class ScanImagesTests
{
    private static TargetModule M(string name, ulong start, uint size) => new($@"C:\m\{name}.dll", start, size, 0, null, null);

    [TestMethod]
    public void UnalignedNullAndOverlappingRangesAreNotImages()
    {
        var exe = M("exe", 0x1_4000_0000, 0x20000);
        var dll = M("dll", 0x7FFF_1000_0000, 0x10_0000);
        var odd = M("odd", 0x05c7_f400, 0xb2a_2a00);           // not 64 KiB-aligned
        var zero = M("zero", 0, 0xc20);                         // at 0
        var giant = M("giant", 0x1_0000_0000, 0x8000_0000);    // holds exe's base
        var twinA = M("twinA", 0x2_0000_0000, 0x1000);         // two modules at one base hold each other's
        var twinB = M("twinB", 0x2_0000_0000, 0x1000);
        var (usable, skipped) = BlockScanner.Images([exe, odd, dll, zero, giant, twinA, twinB]);
        CollectionAssert.AreEqual(new[] { exe, dll }, usable.ToArray());
        CollectionAssert.AreEqual(new[] { odd, zero, giant, twinA, twinB }, skipped.ToArray());
    }
}
