using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.Tests;

/// <summary>EngineTarget over a fake session: architecture, reads, and the memory map (IMemoryRegions) from QueryVirtual.</summary>
[TestClass]
public sealed unsafe class EngineTargetTests
{
    private const uint MemCommit = 0x1000, MemReserve = 0x2000, MemFree = 0x10000;
    private const uint PageNoAccess = 0x01, PageReadOnly = 0x02, PageReadWrite = 0x04, PageExecute = 0x10, PageExecuteRead = 0x20, PageGuard = 0x100;

    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    private sealed class Session(Fakes fakes, FakeCom client, FakeCom control, FakeCom data, FakeCom? map) : IDisposable
    {
        public FakeCom Client { get; } = client;
        public FakeCom Control { get; } = control;
        public FakeCom Data { get; } = data;
        public FakeCom? Map { get; } = map;
        public DebugSession Value { get; init; } = null!;

        public void Dispose()
        {
            Value.Dispose();
            fakes.Dispose();
        }
    }

    private static Session Open(uint machine, Func<ulong, MemoryBasicInformation64?>? map)
    {
        var fakes = new Fakes();
        var client = fakes.Make("IDebugClient")
            .Implement("GetOutputMask", (delegate* unmanaged<nint, uint*, int>)&DebugClientTests.GetOutputMask)
            .Implement("SetOutputMask", (delegate* unmanaged<nint, uint, int>)&DebugClientTests.SetOutputMask);
        client.Out["mask"] = 0x7;
        var control = fakes.Make("IDebugControl")
            .Implement("GetEffectiveProcessorType", (delegate* unmanaged<nint, uint*, int>)&DebugControlTests.GetEffectiveProcessorType)
            .Implement("IsPointer64Bit", (delegate* unmanaged<nint, int>)&DebugControlTests.IsPointer64Bit);
        control.Out["type"] = machine;
        var data = DebugDataSpacesTests.DataSpaces(fakes);
        var symbols = fakes.Make("IDebugSymbols");
        FakeCom? ds2 = null;
        if (map is not null)
        {
            ds2 = DebugDataSpacesTests.DataSpaces2(fakes);
            ds2.Behaviour = map;
            data.Answer(ds2);
        }
        client.Answer(control).Answer(data).Answer(symbols);
        var session = DebugSession.Open(client.Pointer) ?? throw new InvalidOperationException("fake session did not open");
        return new Session(fakes, client, control, data, ds2) { Value = session };
    }

    private static MemoryBasicInformation64 Region(ulong start, ulong size, uint state, uint protect) =>
        new() { BaseAddress = start, AllocationBase = start, RegionSize = size, State = state, Protect = protect };

    /// <summary>A map as a process has it: contiguous regions, QueryVirtual answers the one holding the address.</summary>
    private static Func<ulong, MemoryBasicInformation64?> Contiguous(params MemoryBasicInformation64[] regions) =>
        address => regions.Where(r => address >= r.BaseAddress && address - r.BaseAddress < r.RegionSize).Select(r => (MemoryBasicInformation64?)r).FirstOrDefault();

    /// <summary>A map as a dump has it: captured ranges only; an address in a gap gets the next range.</summary>
    private static Func<ulong, MemoryBasicInformation64?> Sparse(params MemoryBasicInformation64[] regions) =>
        address => regions.Where(r => address < r.BaseAddress + r.RegionSize).Select(r => (MemoryBasicInformation64?)r).FirstOrDefault();

    [TestMethod]
    [DataRow(0x8664u, TargetArchitecture.X64)]
    [DataRow(0x014Cu, TargetArchitecture.X86)]
    [DataRow(0xAA64u, TargetArchitecture.Arm64)]
    public void ArchitectureFromTheEffectiveProcessorType(uint machine, TargetArchitecture expected)
    {
        using var s = Open(machine, null);
        var target = new EngineTarget(s.Value);
        Assert.AreEqual(expected, target.Architecture);
        Assert.AreEqual(expected == TargetArchitecture.X86 ? 4 : 8, target.PointerSize);
    }

    [TestMethod]
    public void UnknownMachineFallsBackToThePointerSize()
    {
        using var s = Open(0, null);
        s.Control.Results["IsPointer64Bit"] = 1; // S_FALSE: 32-bit
        Assert.AreEqual(TargetArchitecture.X86, new EngineTarget(s.Value).Architecture);
    }

    [TestMethod]
    public void X86ReadsAbove4GbNeverReachTheEngine()
    {
        using var s = Open(0x014C, null);
        var target = new EngineTarget(s.Value);
        Assert.AreEqual(0, target.Read(0x1_0000_0000, new byte[4]));
        Assert.AreEqual(0, s.Data.CallsTo("ReadVirtual").Count());
        Assert.AreEqual(4, target.Read(0xFFFF_FFF0, new byte[4]));
    }

    [TestMethod]
    public void RegionsAreTheCommittedReadableOnesInOrder()
    {
        var map = Contiguous(
            Region(0x0, 0x10000, MemFree, PageNoAccess),
            Region(0x10000, 0x2000, MemCommit, PageReadWrite),
            Region(0x12000, 0x1000, MemCommit, PageNoAccess),
            Region(0x13000, 0x1000, MemCommit, PageReadWrite | PageGuard),
            Region(0x14000, 0xC000, MemReserve, PageNoAccess),
            Region(0x20000, 0x1000, MemCommit, PageExecute),
            Region(0x21000, 0x4000, MemCommit, PageExecuteRead),
            Region(0x25000, 0x7FFB_B000, MemFree, PageNoAccess),
            Region(0x7FFE_0000, 0x1000, MemCommit, PageReadOnly));
        using var s = Open(0x8664, map);
        var target = new EngineTarget(s.Value);
        Assert.AreEqual(0, s.Map!.CallsTo("QueryVirtual").Count(), "nothing is walked before Regions is asked for");

        IMemoryRegions regions = target;
        CollectionAssert.AreEqual(new[]
        {
            new MemoryRegion(0x10000, 0x2000, 0x2000),
            new MemoryRegion(0x21000, 0x4000, 0x4000),
            new MemoryRegion(0x7FFE_0000, 0x1000, 0x1000),
        }, regions.Regions.ToArray());
        var queried = s.Map.CallsTo("QueryVirtual").Select(c => c.Arg("IDebugDataSpaces2", "Offset")).ToList();
        CollectionAssert.AreEqual(new ulong[] { 0, 0x10000, 0x12000, 0x13000, 0x14000, 0x20000, 0x21000, 0x25000, 0x7FFE_0000, 0x7FFE_1000 }, queried);
        _ = regions.Regions;
        Assert.AreEqual(queried.Count, s.Map.CallsTo("QueryVirtual").Count(), "walked once");
        Assert.AreEqual(1, s.Map.References, "IDebugDataSpaces2 released after the walk (1 = the test's own)");
        // The walk runs muted (dbgeng prints an access violation note when asked past a dump's last range).
        CollectionAssert.AreEqual(new ulong[] { 0, 0x7 }, s.Client.CallsTo("SetOutputMask").Select(c => c.Arg("IDebugClient", "Mask")).ToArray());
        Assert.AreEqual(0, s.Map.Traps);
    }

    [TestMethod]
    public void ADumpsSparseMapIsWalkedByItsRanges()
    {
        using var s = Open(0x8664, Sparse(
            Region(0x24_5000, 0x1000, MemCommit, PageReadWrite),
            Region(0x1_4000_0000, 0x12000, MemCommit, PageExecuteRead),
            Region(0x1d0_4f5e_0000, 0x1000, MemCommit, PageReadWrite)));
        var regions = new EngineTarget(s.Value).Regions;
        CollectionAssert.AreEqual(new ulong[] { 0x24_5000, 0x1_4000_0000, 0x1d0_4f5e_0000 }, regions.Select(r => r.Start).ToArray());
        Assert.IsTrue(regions.All(r => r.BytesAvailable == r.Size && !r.IsTruncated));
        Assert.AreEqual(4, s.Map!.CallsTo("QueryVirtual").Count(), "one query per range and the failing one after the last");
    }

    [TestMethod]
    public void X86WalkStopsAt4Gb()
    {
        using var s = Open(0x014C, address => Region(address & ~0xFFFFUL, 0x1_0000_0000, MemCommit, PageReadWrite));
        var regions = new EngineTarget(s.Value).Regions;
        Assert.AreEqual(1, regions.Count);
        Assert.AreEqual(1, s.Map!.CallsTo("QueryVirtual").Count());
    }

    [TestMethod]
    public void AMapThatMakesNoProgressEndsTheWalk()
    {
        using var s = Open(0x8664, _ => Region(0x1000, 0x1000, MemCommit, PageReadWrite));
        var regions = new EngineTarget(s.Value).Regions;
        Assert.AreEqual(1, regions.Count);
        Assert.AreEqual(2, s.Map!.CallsTo("QueryVirtual").Count());
    }

    [TestMethod]
    public void AnEndlessMapIsBounded()
    {
        long queries = 0;
        using var s = Open(0x8664, address => { queries++; return Region(address, 0x1000, MemCommit, PageReadWrite); });
        s.Map!.RecordCalls = false;
        var regions = new EngineTarget(s.Value).Regions;
        Assert.AreEqual(1_000_000, regions.Count);
        Assert.AreEqual(1_000_000, queries);
    }

    [TestMethod]
    public void ANeverAnsweringOrMissingMapGivesNoRegions()
    {
        using (var s = Open(0x8664, _ => null))
            Assert.AreEqual(0, new EngineTarget(s.Value).Regions.Count);
        using (var s = Open(0x8664, null))
            Assert.AreEqual(0, new EngineTarget(s.Value).Regions.Count, "no IDebugDataSpaces2");
    }
}
