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
