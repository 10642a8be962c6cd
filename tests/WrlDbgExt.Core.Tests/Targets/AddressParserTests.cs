using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Targets;

[TestClass]
public class AddressParserTests
{
    [TestMethod]
    [DataRow("0x0000022b`4f5e80a0", 0x0000022b4f5e80a0UL)]
    [DataRow("0000022b`4f5e80a0", 0x0000022b4f5e80a0UL)]
    [DataRow("22b4f5e80a0", 0x22b4f5e80a0UL)]
    [DataRow("0X22B4F5E80A0", 0x22b4f5e80a0UL)]
    [DataRow("0n123", 123UL)]
    [DataRow("0t17", 15UL)]
    [DataRow("0y101", 5UL)]
    [DataRow("  10  ", 0x10UL)]
    [DataRow("ffffffff`ffffffff", ulong.MaxValue)]
    public void ParsesWhatWinDbgPrints(string text, ulong expected)
    {
        Assert.IsTrue(AddressParser.TryParse(text, out ulong value, out string error), error);
        Assert.AreEqual(expected, value);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("0x")]
    [DataRow("xyz")]
    [DataRow("0n12a")]
    [DataRow("`123")]
    [DataRow("12``34")]
    [DataRow("1`0000`0000`0000`0000")]
    [DataRow("poi(@rcx)")]
    public void RejectsWithAOneLineReason(string text)
    {
        Assert.IsFalse(AddressParser.TryParse(text, out _, out string error));
        Assert.IsFalse(string.IsNullOrWhiteSpace(error));
        Assert.IsFalse(error.Contains('\n'));
    }

    [TestMethod]
    public void ControlCharactersNeverReachTheMessage()
    {
        Assert.IsFalse(AddressParser.TryParse("12\n\u001b[31mzz", out _, out string error));
        Assert.IsFalse(error.Any(char.IsControl), error);
    }

    [TestMethod]
    public void X86AcceptsSignExtendedAddressesAndRejectsWideOnes()
    {
        Assert.IsTrue(AddressParser.TryParse("ffffffff`80001000", 4, out ulong v, out _));
        Assert.AreEqual(0x80001000UL, v);
        Assert.IsFalse(AddressParser.TryParse("1`00001000", 4, out _, out string error));
        StringAssert.Contains(error, "32-bit");
        Assert.IsTrue(AddressParser.TryParse("1`00001000", 8, out v, out _));
        Assert.AreEqual(0x100001000UL, v);
    }
}
