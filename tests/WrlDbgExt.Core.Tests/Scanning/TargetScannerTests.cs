using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Scanning;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Scanning;

/// <summary>
/// The whole scan (blocks, objects, buffers) on memory that holds none: random words of which many point into a small
/// image, so that every shape sees runs of "vtable pointers" and small numbers; nothing may be reported.
/// </summary>
[TestClass]
public sealed class TargetScannerTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64, 11, 2)]
    [DataRow(TargetArchitecture.X64, 12, 3)]
    [DataRow(TargetArchitecture.X86, 13, 2)]
    [DataRow(TargetArchitecture.X86, 14, 3)]
    public void RandomMemoryHoldsNothing(TargetArchitecture arch, int seed, int oneIn)
    {
        var random = new Random(seed);
        int ptr = arch == TargetArchitecture.X64 ? 8 : 4;
        const ulong imageBase = 0x40_0000, imageSize = 0x4000;
        var heap = new byte[256 * 1024];
        for (int i = 0; i + ptr <= heap.Length; i += ptr)
        {
            // Image pointers (aligned, as vftables are), small counts and random words, mixed.
            ulong value = (i / ptr % oneIn) switch
            {
                0 => imageBase + (ulong)random.NextInt64((long)imageSize / ptr) * (ulong)ptr,
                1 => (ulong)random.Next(1, 16),
                _ => (ulong)random.NextInt64(),
            };
            if (ptr == 8) BitConverter.TryWriteBytes(heap.AsSpan(i), value);
            else BitConverter.TryWriteBytes(heap.AsSpan(i), (uint)value);
        }
        var target = new InMemoryTarget(arch)
            .AddModule(new TargetModule(@"C:\t\image.dll", imageBase, (uint)imageSize, 0, null, null))
            .AddRegion(0x100_0000, heap);
        var report = TargetScanner.Scan(target, LayoutCatalog.For(target));
        Assert.IsNotNull(report);
        Assert.IsTrue(report.Blocks.Candidates > 10_000, $"{report.Blocks.Candidates} candidates");
        Assert.AreEqual(0, report.Blocks.Hits.Count, "blocks");
        Assert.AreEqual(0, report.Objects.Count, string.Join(", ", report.Objects.Select(o => $"0x{o.ObjectStart:x} {o.Flavour?.Id} {o.Finding}")));
        Assert.AreEqual(0, report.Buffers.Count, "buffers");
        Assert.AreEqual(0, report.Findings.Count, "findings");
    }
}
