using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Scanning;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Scanning;

/// <summary>The block scan on memory that holds no blocks: random words, and random words pointing into an image.</summary>
[TestClass]
public sealed class BlockScannerTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64, 1)]
    [DataRow(TargetArchitecture.X64, 2)]
    [DataRow(TargetArchitecture.X86, 3)]
    public void RandomMemoryHoldsNoBlock(TargetArchitecture arch, int seed)
    {
        var random = new Random(seed);
        int ptr = arch == TargetArchitecture.X64 ? 8 : 4;
        const ulong imageBase = 0x40_0000, imageSize = 0x10_0000;
        var heap = new byte[256 * 1024];
        random.NextBytes(heap);
        // One word in eight points into the image, so every flavour's decoder sees many vfptr candidates.
        for (int i = 0; i + ptr <= heap.Length; i += 8 * ptr)
        {
            ulong value = imageBase + (ulong)random.NextInt64((long)imageSize);
            if (ptr == 8) BitConverter.TryWriteBytes(heap.AsSpan(i), value);
            else BitConverter.TryWriteBytes(heap.AsSpan(i), (uint)value);
        }
        var target = new InMemoryTarget(arch)
            .AddModule(new TargetModule(@"C:\t\image.dll", imageBase, (uint)imageSize, 0, null, null))
            .AddRegion(0x100_0000, heap);
        var report = BlockScanner.Scan(target, LayoutCatalog.For(target));
        Assert.IsNotNull(report);
        Assert.IsTrue(report.Candidates > 1000, $"{report.Candidates} candidates");
        Assert.AreEqual(0, report.Hits.Count, string.Join(", ", report.Hits.Select(h => $"0x{h.Address:x} {h.Flavour.Id} {h.State}")));
    }
}
