using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Tests.Rendering;

/// <summary>The engine's ln forms (docs/pdb-format.md §17), from a test-owned table of what the engine printed.</summary>
[TestClass]
public sealed class LnRendererTests
{
    private static readonly NamedAddress Checkpoint = new("weak_refs!Checkpoint", 0x1_4000_e670);
    private static readonly NamedAddress TargetEntry = new("weak_refs!TargetEntry", 0x1_4000_e690);

    [TestMethod]
    public void AnExactFunctionListsItsParameterTypes()
    {
        var near = new NearSymbols(Checkpoint, 0, TargetEntry, [new DeclaredSymbol("weak_refs!Checkpoint", Checkpoint.Address, ["void **", "int"], null, null)]);
        Assert.AreEqual(
            "(00000001`4000e670)   weak_refs!Checkpoint   |  (00000001`4000e690)   weak_refs!TargetEntry\n" +
            "Exact matches:\n" +
            "    weak_refs!Checkpoint (void **, int)\n",
            LnRenderer.Render(near, [.. near.Exact!.Select(s => new LnValue(s, null))], 8));
    }

    [TestMethod]
    public void NoNamedParametersPrintVoidAndAPublicListsNothing()
    {
        var f = new DeclaredSymbol("weak_refs!Microsoft::WRL::FtmBase::GetUnmarshalClass", 0x1_4000_75d0, [], null, null);
        StringAssert.EndsWith(LnRenderer.Render(new NearSymbols(Checkpoint, 0, null, [f]), [new LnValue(f, null)], 8),
            "Exact matches:\n    weak_refs!Microsoft::WRL::FtmBase::GetUnmarshalClass (void)\n");
        Assert.AreEqual("(00000001`4000e670)   weak_refs!Checkpoint   |  (00000001`4000e690)   weak_refs!TargetEntry\nExact matches:\n",
            LnRenderer.Render(new NearSymbols(Checkpoint, 0, TargetEntry, []), [], 8));
    }

    [TestMethod]
    public void DisplacementsAndTheLastSymbol()
    {
        Assert.AreEqual("(00000001`4000e670)   weak_refs!Checkpoint+0x3   |  (00000001`4000e690)   weak_refs!TargetEntry\n",
            LnRenderer.Render(new NearSymbols(Checkpoint, 3, TargetEntry, null), null, 8));
        // After the last symbol: three spaces and no "|" part.
        Assert.AreEqual("(00000001`40022aa4)   weak_refs!Checkpoint::reached+0x55b   \n",
            LnRenderer.Render(new NearSymbols(new("weak_refs!Checkpoint::reached", 0x1_4002_2aa4), 0x55b, null, null), null, 8));
        // No symbol before the address: -1 at any pointer size, x86 addresses in 8 digits.
        Assert.AreEqual("(00401000)   weak_refs!RsIdentity::QueryInterface+0xffffffff`ffffffff   |  (00401040)   weak_refs!RsOuter\n",
            LnRenderer.Render(new NearSymbols(new("weak_refs!RsIdentity::QueryInterface", 0x401000), null, new("weak_refs!RsOuter", 0x401040), null), null, 4));
    }

    /// <summary>What the engine's ln printed for the gallery's globals (docs/pdb-format.md §17), as a test-owned table.</summary>
    [TestMethod]
    [DataRow("pointer", "0x00000000`00245090")]
    [DataRow("int", "0n34")]
    [DataRow("negative", "0n-2")]
    [DataRow("unsigned", "5")]
    [DataRow("bigUnsigned", "0xabcdef")]
    [DataRow("hugeUnsigned", "0x00001234`56789abc")]
    [DataRow("flag", "true")]
    [DataRow("letter", "0n81 'Q'")]
    [DataRow("byte", "0xc8 ''")]
    [DataRow("float", "2.5")]
    [DataRow("small", "B (0n-56)")]
    [DataRow("oddColour", "0n7 (No matching enumerant)")]
    [DataRow("text", "char [8] \"gallery\"")]
    [DataRow("nullText", "0x00000000`00000000 \"\"")]
    [DataRow("guid", "struct GUID")]
    [DataRow("missing", "<Memory access error>")]
    public void DataShowsItsValue(string which, string expected)
    {
        const ulong at = 0x1_4002_2820;
        var small = new EnumType("gallery::Small", new BasicType(BasicKind.UChar, 1, "unsigned char"), [new("A", 1), new("B", 200)]);
        var colour = new EnumType("gallery::Colour", new BasicType(BasicKind.SignedInteger, 4, "int"), [new("Red", 0), new("Green", 5)]);
        var int32 = new BasicType(BasicKind.SignedInteger, 4, "int");
        var character = new BasicType(BasicKind.Char, 1, "char");
        (DebugType? type, byte[] bytes, string? typeName) = which switch
        {
            "pointer" => (new PointerType(() => int32, 8), BitConverter.GetBytes(0x245090UL), "int *"),
            "int" => (int32, BitConverter.GetBytes(34), "int"),
            "negative" => (int32, BitConverter.GetBytes(-2), "int"),
            "unsigned" => (new BasicType(BasicKind.UnsignedInteger, 4, "unsigned int"), BitConverter.GetBytes(5u), null),
            "bigUnsigned" => (new BasicType(BasicKind.UnsignedInteger, 4, "unsigned int"), BitConverter.GetBytes(0xABCDEFu), null),
            "hugeUnsigned" => (new BasicType(BasicKind.UnsignedInteger, 8, "unsigned int64"), BitConverter.GetBytes(0x1234_5678_9ABCUL), null),
            "flag" => (new BasicType(BasicKind.Bool, 1, "bool"), [1], null),
            "letter" => (character, [(byte)'Q'], null),
            "byte" => (new BasicType(BasicKind.UChar, 1, "unsigned char"), [0xC8], null),
            "float" => (new BasicType(BasicKind.Float, 4, "float"), BitConverter.GetBytes(2.5f), null),
            "small" => (small, [200], null),
            "oddColour" => (colour, BitConverter.GetBytes(7), null),
            "text" => (new ArrayType(character, 8), "gallery\0"u8.ToArray(), "char [8]"),
            "nullText" => (new PointerType(() => character, 8), new byte[8], "char *"),
            "guid" => ((DebugType?)new UdtType("GUID", UdtKind.Struct, 16, () => []), new byte[16], "struct GUID"),
            _ => (int32, Array.Empty<byte>(), "int"),
        };
        var target = new InMemoryTarget(TargetArchitecture.X64);
        if (bytes.Length > 0) target.AddRegion(at, bytes);
        var d = new DeclaredSymbol("weak_refs!g", at, null, type, typeName);
        Assert.AreEqual($"(00000001`4000e670)   weak_refs!Checkpoint   \nExact matches:\n    weak_refs!g = {expected}\n",
            LnRenderer.Render(new NearSymbols(Checkpoint, 0, null, [d]), [new LnValue(d, LnValueText.Of(target, d))], 8));
    }
}
