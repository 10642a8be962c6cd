using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>Reads go straight to the file (MinidumpTarget.ReadDirect); they must return what the writer wrote and what ClrMD reads.</summary>
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
        using (var clrmd = Microsoft.Diagnostics.Runtime.DataTarget.LoadDump(file.Path))
        {
            var theirs = new byte[data.Length];
            Assert.AreEqual(data.Length, clrmd.DataReader.Read(Big, theirs));
            CollectionAssert.AreEqual(theirs, bulk, "ClrMD reads the same bytes");
        }
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

    [TestMethod]
    [DataRow(4096)]
    [DataRow(4095)]
    public void ARangeOfGigabytesLeavesTheSmallRangesReadable(int megabytes)
    {
        // Seen on the benchmark's generated dump: with a 4 GiB range at the end, ClrMD read none of the small ranges
        // before it. The big range's bytes are a sparse tail here (zeros, next to no disk).
        var small = new byte[0x1000];
        new Random(9).NextBytes(small);
        var head = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:\t\m.exe", 0x1_4000_0000, 0x1000)
            .AddMemory(0x3000_0000, small)
            .AddMemory(Big, new byte[0x1000])
            .Build();
        // The last descriptor {Big, 0x1000}: raise its size; the file grows sparsely to hold it.
        var descriptor = new byte[16];
        BitConverter.GetBytes(Big).CopyTo(descriptor, 0);
        BitConverter.GetBytes(0x1000UL).CopyTo(descriptor, 8);
        int at = head.AsSpan().IndexOf(descriptor);
        Assert.IsTrue(at > 0, "the writer's Memory64List descriptor");
        ulong size = (ulong)megabytes << 20;
        BitConverter.GetBytes(size).CopyTo(head, at + 8);
        var path = Path.Combine(Path.GetTempPath(), $"big-{Guid.NewGuid():N}.dmp");
        try
        {
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.Write(head);
                stream.SetLength(head.Length - 0x1000 + (long)size);
            }
            using var target = MinidumpTarget.Open(path);
            var read = new byte[small.Length];
            Assert.AreEqual(small.Length, target.Read(0x3000_0000, read));
            CollectionAssert.AreEqual(small, read);
            var word = new byte[8];
            Assert.AreEqual(8, target.Read(Big + size - 8, word), "the big range's last word");
        }
        finally
        {
            File.Delete(path);
        }
    }
}

/// <summary>Small reads go through the file's page cache (FilePageCache): what they return must be the file's bytes, wherever they fall.</summary>
[TestClass]
public class PageCacheReadTests
{
    [TestMethod]
    public void SmallReadsAnywhereReturnTheWrittenBytes()
    {
        const ulong at = 0x3_0000_0000;
        var data = new byte[0x23456]; // not a whole number of pages: the range's end falls mid-page
        new Random(11).NextBytes(data);
        var bytes = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:\t\m.exe", 0x1_4000_0000, 0x1000)
            .AddMemory(at, data)
            .Build();
        using var file = new TempDumpFile(bytes);
        using var target = MinidumpTarget.Open(file.Path);
        var random = new Random(12);
        var buffer = new byte[3 * 4096];
        for (int i = 0; i < 5000; i++)
        {
            // Lengths up to two pages and a bit (some cached, some not), offsets that cross pages and the range's end.
            int offset = random.Next(data.Length), length = random.Next(1, buffer.Length);
            int expected = Math.Min(length, data.Length - offset);
            Assert.AreEqual(expected, target.Read(at + (ulong)offset, buffer.AsSpan(0, length)), $"read {length} at +0x{offset:x}");
            CollectionAssert.AreEqual(data[offset..(offset + expected)], buffer[..expected], $"read {length} at +0x{offset:x}");
        }
    }
}

/// <summary>Dumps are opened for reading only and shared for reading (issue 13): another reader that denies writers
/// does not stop us, we do not stop it, and the file is byte for byte what it was.</summary>
[TestClass]
public class ReadOnlyOpenTests
{
    [TestMethod]
    public void ADumpHeldByAReaderThatDeniesWritersOpensReadsAndScansUnchanged()
    {
        var data = new byte[0x30000];
        new Random(21).NextBytes(data);
        var bytes = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:\t\m.exe", 0x1_4000_0000, 0x1000)
            .AddMemory(0x5_0000_0000, data)
            .Build();
        using var file = new TempDumpFile(bytes);
        var written = File.GetLastWriteTimeUtc(file.Path);
        using (var other = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read)) // denies writers
        {
            using var target = MinidumpTarget.Open(file.Path);
            var buffer = new byte[64];
            Assert.AreEqual(64, target.Read(0x5_0000_0100, buffer));
            var scan = PointerScanner.Scan(target, [new WantedRange(0x1_4000_0000, 0x1000)], options: new PointerScanOptions(ReadAhead: true));
            Assert.IsNotNull(scan);
            Assert.AreEqual((ulong)data.Length, scan.BytesSearched);
            // While we hold it, a reader that denies writers still gets in: we hold no write access.
            using var third = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Assert.AreEqual(bytes.Length, third.Length);
        }
        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(file.Path));
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(file.Path));
    }
}
