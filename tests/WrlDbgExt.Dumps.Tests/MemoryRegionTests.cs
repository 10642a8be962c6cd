using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps.Minidump;
using WrlDbgExt.TestSupport.Minidumps;
using static WrlDbgExt.Dumps.Tests.RawMinidumpBuilder;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>Memory ranges from the memory lists, truncated dumps, and reads that stop where the file does.</summary>
[TestClass]
public sealed class MemoryRegionTests
{
    private const ulong A = 0x10000, B = 0x20000, C = 0x40000;
    private static readonly byte[] BytesA = Pattern(0x100, 1), BytesB = Pattern(0x3000, 2), BytesC = Pattern(0x200, 3);

    private static byte[] Pattern(int length, int seed) => Enumerable.Range(0, length).Select(i => (byte)(i * 13 + seed)).ToArray();

    /// <summary>Three ranges (added out of order); the writer puts memory last in the file, in address order.</summary>
    private static byte[] WriterDump(TargetArchitecture arch) => new MinidumpWriter(arch)
        .AddModule(@"C:\app\app.exe", 0x0040_0000, 0x1000)
        .AddMemory(C, BytesC)
        .AddMemory(A, BytesA)
        .AddMemory(B, BytesB)
        .Build();

    [TestMethod]
    public void CraftedMemoryList_GivesItsRangesInAddressOrder()
    {
        using var file = new TempDumpFile(CraftedDumps.Complete());
        using var target = MinidumpTarget.Open(file.Path);

        IMemoryRegions regions = target;
        CollectionAssert.AreEqual(new[]
        {
            new MemoryRegion(CraftedDumps.StackStart, 32, 32),
            new MemoryRegion(CraftedDumps.HighMemory, 8, 8),
            new MemoryRegion(CraftedDumps.HighMemory + 8, 8, 8),
        }, regions.Regions.ToArray());
        var memory = target.Summary.Memory;
        Assert.AreEqual(new MemorySummary(3, 48, 48, FullMemory: false), memory);
        Assert.IsFalse(memory.Truncated);
        Assert.IsNull(memory.TruncationWarning);
        Assert.IsEmpty(target.Warnings);
    }

    [TestMethod]
    public void UnsortedDescriptorsOfBothListKinds_AreMergedInAddressOrder()
    {
        var b = new RawMinidumpBuilder();
        uint low = b.Add(new byte[16]), high = b.Add(new byte[16]);
        uint block = b.Add(new byte[0x30]);
        b.Stream(5, List(2, Memory(0x9000, 16, high), Memory(0x1000, 16, low)));
        b.Stream(9, [.. U64(2), .. U64(block), .. U64(0x5000), .. U64(0x20), .. U64(0x3000), .. U64(0x10)]);

        var memory = MinidumpFile.Parse(b.Build()).Memory;

        CollectionAssert.AreEqual(new ulong[] { 0x1000, 0x3000, 0x5000, 0x9000 }, memory.Select(m => m.Start).ToArray());
        CollectionAssert.AreEqual(new ulong[] { low, block + 0x20, block, high }, memory.Select(m => m.FileOffset).ToArray());
        Assert.IsTrue(memory.All(m => !m.IsTruncated));
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X64, true)]  // the writer emits a memory64 list and MiniDumpWithFullMemory
    [DataRow(TargetArchitecture.X86, false)] // a memory list
    public void WriterDump_RegionsMatchItsDescriptors(TargetArchitecture arch, bool fullMemory)
    {
        var bytes = WriterDump(arch);
        var raw = RawMemoryRanges.Read(bytes);
        using var file = new TempDumpFile(bytes);
        using var target = MinidumpTarget.Open(file.Path);

        CollectionAssert.AreEqual(
            raw.OrderBy(r => r.Start).Select(r => new MemoryRegion(r.Start, r.Size, r.Size)).ToArray(),
            target.Regions.ToArray());
        CollectionAssert.AreEqual(new[] { A, B, C }, target.Regions.Select(r => r.Start).ToArray());
        ulong total = (ulong)(BytesA.Length + BytesB.Length + BytesC.Length);
        Assert.AreEqual(new MemorySummary(3, total, total, fullMemory), target.Summary.Memory);
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void DumpCutInsideARange_ListsItTruncatedAndReadsStopAtTheCut(TargetArchitecture arch)
    {
        var full = WriterDump(arch);
        var rangeB = RawMemoryRanges.Read(full).Single(r => r.Start == B);
        const int kept = 0x1010; // bytes of range B left before the cut
        var cut = full[..((int)rangeB.FileOffset + kept)];
        using var file = new TempDumpFile(cut);
        using var target = MinidumpTarget.Open(file.Path);

        CollectionAssert.AreEqual(new[]
        {
            new MemoryRegion(A, (ulong)BytesA.Length, (ulong)BytesA.Length),
            new MemoryRegion(B, (ulong)BytesB.Length, kept),
            new MemoryRegion(C, (ulong)BytesC.Length, 0),
        }, target.Regions.ToArray());

        ulong missing = (ulong)(BytesB.Length - kept + BytesC.Length);
        var memory = target.Summary.Memory;
        Assert.IsTrue(memory.Truncated);
        Assert.AreEqual(missing, memory.MissingBytes);
        Assert.AreEqual((ulong)(BytesA.Length + kept), memory.BytesInFile);
        CollectionAssert.AreEqual(new[] { $"{missing} bytes of listed memory lie beyond the end of the file (truncated dump)" }, target.Warnings.ToArray());

        // A read across the cut returns exactly the bytes before it (ClrMD alone would return none).
        var buffer = new byte[BytesB.Length];
        Assert.AreEqual(kept, target.Read(B, buffer));
        CollectionAssert.AreEqual(BytesB[..kept], buffer[..kept]);
        Assert.AreEqual(0x10, target.Read(B + kept - 0x10, new byte[0x40]));
        Assert.AreEqual(0, target.Read(B + kept, new byte[4]), "the first byte past the cut");
        Assert.AreEqual(0, target.Read(C, new byte[4]), "a range wholly past the cut");
        Assert.AreEqual(BytesA.Length, target.Read(A, new byte[BytesA.Length]), "ranges before the cut are whole");

        Assert.AreEqual(MemoryAbsence.Truncated, target.WhyUnreadable(B + kept));
        Assert.AreEqual(MemoryAbsence.Truncated, target.WhyUnreadable(C));
        Assert.AreEqual(MemoryAbsence.NotCaptured, target.WhyUnreadable(0x30000));
    }

    [TestMethod]
    public void DumpCutAtARangeBoundary_LeavesTheNextRangeEmpty()
    {
        var full = WriterDump(TargetArchitecture.X64);
        var rangeC = RawMemoryRanges.Read(full).Single(r => r.Start == C);
        using var file = new TempDumpFile(full[..(int)rangeC.FileOffset]);
        using var target = MinidumpTarget.Open(file.Path);

        Assert.AreEqual(new MemoryRegion(B, (ulong)BytesB.Length, (ulong)BytesB.Length), target.Regions[1]);
        Assert.AreEqual(new MemoryRegion(C, (ulong)BytesC.Length, 0), target.Regions[2]);
        Assert.AreEqual(BytesB.Length, target.Read(B, new byte[BytesB.Length]));
        Assert.AreEqual(0, target.Read(C, new byte[1]));
        StringAssert.StartsWith(target.Warnings.Single(), $"{BytesC.Length} bytes of listed memory lie beyond the end of the file");
    }

    [TestMethod]
    public void AdjacentWholeRanges_StillReadAsOneAcrossTheBoundary()
    {
        // Complete() holds 8 bytes below 4 GiB and 8 at it, back to back (x64 reads through).
        using var file = new TempDumpFile(CraftedDumps.Complete());
        using var target = MinidumpTarget.Open(file.Path);

        var buffer = new byte[32];
        Assert.AreEqual(16, target.Read(CraftedDumps.HighMemory, buffer));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, buffer[..16]);
    }

    [TestMethod]
    public void HostileMemory64Sizes_SaturateInsteadOfOverflowing()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(9, [.. U64(2), .. U64(0x100), .. U64(0x1000), .. U64(ulong.MaxValue - 8), .. U64(0x2000), .. U64(ulong.MaxValue - 8)]);

        var file = MinidumpFile.Parse(b.Build());

        Assert.AreEqual(ulong.MaxValue, file.MemorySummary.ListedBytes);
        Assert.IsTrue(file.Memory.All(m => m.BytesInFile < m.Size));
        Assert.AreEqual(ulong.MaxValue, file.Memory[1].FileOffset, "the second range's offset saturates");
        Assert.AreEqual(0UL, file.Memory[1].BytesInFile);
        StringAssert.EndsWith(file.Warnings.Single(), "bytes of listed memory lie beyond the end of the file (truncated dump)");
    }

    [TestMethod]
    public void EmptyDumpWithoutMemoryLists_HasNoRegions()
    {
        using var file = new TempDumpFile(CraftedDumps.Minimal(CraftedDumps.Amd64, CraftedDumps.WindowsNT));
        using var target = MinidumpTarget.Open(file.Path);

        Assert.IsEmpty(target.Regions);
        Assert.AreEqual(new MemorySummary(0, 0, 0, FullMemory: false), target.Summary.Memory);
        Assert.AreEqual(0, target.Read(0x1000, new byte[8]));
    }
}
