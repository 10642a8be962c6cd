using WrlDbgExt.Core.Rendering.TypeDump;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Tests.Rendering;

/// <summary>
/// dt's value texts against a test-owned table of what the engine printed for the gallery
/// (tests/targets/weak_refs/dt_gallery.cpp; docs/pdb-format.md §18).
/// </summary>
[TestClass]
public sealed class EngineValueTextTests
{
    [TestMethod]
    [DataRow(BasicKind.Char, 1, 65ul, "65 'A'")]
    [DataRow(BasicKind.Char, 1, 0xFDul, "-3 ''")]
    [DataRow(BasicKind.UChar, 1, 0xF0ul, "0xf0 ''")]
    [DataRow(BasicKind.UChar, 1, 1ul, "0x1 ''")]
    [DataRow(BasicKind.UChar, 1, 0ul, "0 ''")]
    [DataRow(BasicKind.SignedInteger, 2, 0xFFFEul, "0n-2")]
    [DataRow(BasicKind.UnsignedInteger, 2, 0xFFFEul, "0xfffe")]
    [DataRow(BasicKind.UnsignedInteger, 4, 6ul, "6")]
    [DataRow(BasicKind.UnsignedInteger, 8, 0xFEDCBA9876543210ul, "0xfedcba98`76543210")]
    [DataRow(BasicKind.SignedInteger, 8, 0xFFFFFFFEDCBA9877ul, "0n-4886718345")]
    [DataRow(BasicKind.Bool, 1, 0x80ul, "ffffffffffffff80")]
    [DataRow(BasicKind.WideChar, 2, 0x57ul, "0x57 'W'")]
    [DataRow(BasicKind.WideChar, 2, 0x6322ul, "0x6322 '挢'")]
    [DataRow(BasicKind.WideChar, 2, 0xC00ul, "0xc00 ''")]
    [DataRow(BasicKind.WideChar, 2, 0x27AFul, "0x27af ''")]
    [DataRow(BasicKind.Char32, 4, 0x2D74726Eul, "0x2d74726e ''")]
    public void ScalarsPrintAsTheEngineDoes(BasicKind kind, int size, ulong raw, string expected) =>
        Assert.AreEqual(expected, EngineValueText.Basic(new BasicType(kind, size, "t"), raw));

    [TestMethod]
    [DataRow(4, 0x3FC00000ul, "1.5 ")]
    [DataRow(4, 0x41424344ul, "12.14142227 ")]
    [DataRow(4, 0x72616574ul, "4.464433697e+030 ")] // "tear" read as a float
    [DataRow(8, 0xC002000000000000ul, "-2.25 ")]
    public void FloatingPointUsesTheRuntimesFormat(int size, ulong raw, string expected) =>
        Assert.AreEqual(expected, EngineValueText.Basic(new BasicType(BasicKind.Float, size, "float"), raw));

    [TestMethod]
    public void EnumsAndBitfields()
    {
        var colour = new EnumType("gallery::Colour", new BasicType(BasicKind.SignedInteger, 4, "int"), [new("Red", 0), new("Green", 5), new("Blue", 0xFFFF_FFFF)]);
        var small = new EnumType("gallery::Small", new BasicType(BasicKind.UChar, 1, "unsigned char"), [new("A", 1), new("B", 200)]);
        Assert.AreEqual("ffffffff ( Blue )", EngineValueText.Enum(colour, 0xFFFF_FFFF));
        Assert.AreEqual("c8 ( B )", EngineValueText.Enum(small, 200));
        Assert.AreEqual("0x76616c66 (No matching name)", EngineValueText.Enum(colour, 0x76616c66));
        Assert.AreEqual("0x6f 'o' (No matching name)", EngineValueText.Enum(small, 0x6f));
        Assert.AreEqual("0y1001", EngineValueText.Bitfield(9 << 1, new Bitfield(1, 4)));
        Assert.AreEqual("0y101010101010101010101010101 (0x5555555)", EngineValueText.Bitfield(0x5555555UL << 5, new Bitfield(5, 27)));
        Assert.AreEqual("0y0000000 (0)", EngineValueText.Bitfield(0, new Bitfield(0, 7)));
        Assert.AreEqual("0y0000001 (0x1)", EngineValueText.Bitfield(1, new Bitfield(0, 7)));
        Assert.AreEqual("0n0", EngineTypeText.EnumConstant(0, 4));
        Assert.AreEqual("0xffffffff", EngineTypeText.EnumConstant(0xFFFF_FFFF, 4));
    }

    /// <summary>The gallery's strings (g_strings) and the engine's quoting of each.</summary>
    [TestMethod]
    [DataRow(new byte[] { 0xA0, 0xF8, 0 }, "\"???\"")]
    [DataRow(new byte[] { (byte)'a', 0x80, (byte)'b', 0 }, "\"a???\"")]
    [DataRow(new byte[] { 0xC3, 0xA9, 0 }, "\"???\"")]
    [DataRow(new byte[] { (byte)'\t', (byte)'\n', (byte)'q', 0 }, "\"..q\"")]
    [DataRow(new byte[] { (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' }, "\"abcdef\"")]
    [DataRow(new byte[] { 0x7F, (byte)'z', 0 }, "\"???\"")]
    [DataRow(new byte[] { 0 }, "\"\"")]
    public void EightBitStrings(byte[] bytes, string expected)
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1000, bytes);
        Assert.AreEqual(expected, EngineValueText.Quoted(target, 0x1000, 1, bytes.Length));
    }

    [TestMethod]
    public void WideStringsAndUnreadableOnes()
    {
        static byte[] Wide(params ushort[] chars) => [.. chars.SelectMany(BitConverter.GetBytes)];
        var target = new InMemoryTarget(TargetArchitecture.X64)
            .AddRegion(0x1000, Wide(0xE9, 0x4F60, 0, 0))
            .AddRegion(0x2000, Wide(0xA0, 0x2028, 0, 0));
        Assert.AreEqual("\"é你\"", EngineValueText.Quoted(target, 0x1000, 2, 4));
        Assert.AreEqual("\"???\"", EngineValueText.Quoted(target, 0x2000, 2, 4));
        Assert.AreEqual("\"--- memory read error at address 0x00000000`00003000 ---\"", EngineValueText.Quoted(target, 0x3000, 1, 8));
    }
}
