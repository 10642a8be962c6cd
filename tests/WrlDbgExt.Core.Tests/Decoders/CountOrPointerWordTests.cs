using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Tests.Decoders;

[TestClass]
public class CountOrPointerWordTests
{
    [TestMethod]
    public void DecodesThePublishedX64Example()
    {
        // microsoft-ui-xaml pointers.md: 0x8000012ef8c676c0 → 0x0000025df18ced80.
        var word = CountOrPointerWord.FromRaw(0x8000012ef8c676c0, 8);
        Assert.IsTrue(word.IsPointer);
        Assert.AreEqual(0x0000025df18ced80UL, word.ControlBlock);
        Assert.AreEqual(0x8000012ef8c676c0UL, CountOrPointerWord.Encode(0x0000025df18ced80, 8).Raw);
    }

    [TestMethod]
    public void CountModeKeepsTheLow32Bits()
    {
        var word = CountOrPointerWord.FromRaw(0x0000_0000_0000_0003, 8);
        Assert.IsFalse(word.IsPointer);
        Assert.AreEqual(3u, word.Count);
        Assert.IsFalse(CountOrPointerWord.FromRaw(0x7FFF_FFFF, 4).IsPointer);
        Assert.AreEqual(0x7FFF_FFFFu, CountOrPointerWord.FromRaw(0x7FFF_FFFF, 4).Count);
    }

    [TestMethod]
    public void X86DecodingTruncatesToThirtyTwoBits()
    {
        var word = CountOrPointerWord.FromRaw(0x8050_0010, 4);
        Assert.IsTrue(word.IsPointer);
        Assert.AreEqual(0x00A0_0020UL, word.ControlBlock); // not 0x1_00A0_0020
    }

    [TestMethod]
    public void X86PointersAboveTwoGigabytesRoundTrip()
    {
        // Large-address-aware / WOW64: bit 31 of the pointer survives in encoded bit 30.
        var word = CountOrPointerWord.Encode(0xC000_1230, 4);
        Assert.AreEqual(0xE000_0918UL, word.Raw);
        Assert.AreEqual(0xC000_1230UL, CountOrPointerWord.FromRaw(word.Raw, 4).ControlBlock);
        Assert.AreEqual(0x0012_3450UL, CountOrPointerWord.FromRaw(CountOrPointerWord.Encode(0x0012_3450, 4).Raw, 4).ControlBlock);
    }

    [TestMethod]
    public void X86IgnoresUpperBitsOfAWideRead() =>
        Assert.IsFalse(CountOrPointerWord.FromRaw(0xFFFF_FFFF_0000_0002, 4).IsPointer);

    [TestMethod]
    public void OddBlockAddressesCannotBeEncoded() =>
        Assert.ThrowsExactly<ArgumentException>(() => CountOrPointerWord.Encode(0x1001, 8));
}
