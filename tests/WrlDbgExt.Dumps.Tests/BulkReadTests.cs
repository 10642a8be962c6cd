using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>Large reads go straight to the file (MinidumpTarget.BulkBytes); they must return what ClrMD returns.</summary>
[TestClass]
public class BulkReadTests
{
    private const ulong Big = 0x7_0000_0000;

    private static byte[] Dump(out byte[] data)
    {
        data = new byte[0x40000];
        new Random(7).NextBytes(data);
        BitConverter.GetBytes(0x2000_0000UL).CopyTo(data, 0x3fff8); // the last word: one planted holder
        return new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:\t\m.exe", 0x1_4000_0000, 0x1000)
            .AddMemory(0x2000_0000, new byte[0x40])
            .AddMemory(Big, data)
            .Build();
    }

    [TestMethod]
    public void ABulkReadEqualsSmallReadsThroughClrMD()
    {
        using var file = new TempDumpFile(Dump(out var data));
        using var target = MinidumpTarget.Open(file.Path);
        var bulk = new byte[data.Length];
        Assert.AreEqual(data.Length, target.Read(Big, bulk));
        var small = new byte[data.Length];
        for (int at = 0; at < small.Length; at += 0x1000)
            Assert.AreEqual(0x1000, target.Read(Big + (ulong)at, small.AsSpan(at, 0x1000)));
        CollectionAssert.AreEqual(data, bulk);
        CollectionAssert.AreEqual(data, small);
        // A bulk read that starts in the range and runs past it stops at its end.
        Assert.AreEqual(0x10000, target.Read(Big + 0x30000, new byte[0x20000]));
    }

    [TestMethod]
    public void ATruncatedFileReadsAndScansUpToItsEnd()
    {
        var bytes = Dump(out var data);
        using var file = new TempDumpFile(bytes[..^0x8000]); // the big range is the file's tail
        using var target = MinidumpTarget.Open(file.Path);
        var buffer = new byte[data.Length];
        Assert.AreEqual(data.Length - 0x8000, target.Read(Big, buffer));
        CollectionAssert.AreEqual(data[..^0x8000], buffer[..^0x8000]);
        var scan = PointerScanner.Scan(target, [new WantedRange(0x2000_0000, 0x40)])!;
        Assert.AreEqual(0x8000UL, scan.BytesMissing);
        Assert.AreEqual(0L, scan.TotalHits); // the planted word lies in the cut-off part
    }
}
