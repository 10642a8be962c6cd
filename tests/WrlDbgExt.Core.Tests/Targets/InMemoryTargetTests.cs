using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Targets;

[TestClass]
public class InMemoryTargetTests
{
    [TestMethod]
    public void PartialReadsReportTheReadablePrefixAndDoNotPad()
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1000, [1, 2, 3, 4]);
        var buffer = new byte[8];
        buffer.AsSpan().Fill(0xEE);
        Assert.AreEqual(2, target.Read(0x1002, buffer));
        CollectionAssert.AreEqual(new byte[] { 3, 4, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE }, buffer);
        Assert.AreEqual(0, target.Read(0x0FFF, buffer));
    }

    [TestMethod]
    public void ReadsContinueAcrossAdjacentRegions()
    {
        var target = new InMemoryTarget(TargetArchitecture.X86).AddRegion(0x1000, [1, 2]).AddRegion(0x1002, [3, 4]);
        var buffer = new byte[4];
        Assert.AreEqual(4, target.Read(0x1000, buffer));
        Assert.IsTrue(target.TryReadUInt32(0x1000, out uint v));
        Assert.AreEqual(0x04030201u, v);
    }

    [TestMethod]
    public void TypedReadsFailOnPartialData()
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1000, [1, 2, 3, 4]);
        Assert.IsFalse(target.TryReadPointer(0x1000, out _));
        Assert.IsTrue(target.TryReadInt32(0x1000, out int i));
        Assert.AreEqual(0x04030201, i);
    }

    [TestMethod]
    public void ReadsNearTheTopOfTheAddressSpaceDoNotWrap()
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0, [9, 9, 9, 9]);
        Assert.AreEqual(0, target.Read(ulong.MaxValue - 1, new byte[8]));
    }

    [TestMethod]
    public void OverlappingRegionsAreRefused() =>
        Assert.ThrowsExactly<ArgumentException>(() =>
            new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1000, new byte[16]).AddRegion(0x1008, new byte[16]));
}
