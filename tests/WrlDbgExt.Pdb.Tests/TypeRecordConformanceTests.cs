using System.Globalization;
using System.Text.RegularExpressions;
using WrlDbgExt.Pdb.Tests.Oracle;
using WrlDbgExt.Pdb.Tests.Support;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>Pointers, modifiers, arrays and bitfields of every test PDB as `llvm-pdbutil dump -types` prints them.</summary>
[TestClass]
public sealed partial class TypeRecordConformanceTests
{
    public static IEnumerable<object[]> Pdbs => TestPdbs.All();

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void PointersModifiersArraysAndBitfieldsMatchLlvm(string key)
    {
        var path = TestPdbs.PathOf(key);
        using var pdb = PdbFile.Open(path);
        var counts = new Dictionary<string, int>();
        foreach (var e in LlvmTypeDump.Load(path).Values)
        {
            string where = $"{key} 0x{e.Index:X} {e.Leaf}";
            string details = string.Join(" | ", e.Details);
            var type = pdb.Types.Get(e.Index);
            switch (e.Leaf)
            {
                case "LF_POINTER":
                {
                    var m = Pointer().Match(details);
                    Assert.IsTrue(m.Success, where + ": " + details);
                    var p = (PointerType)type;
                    Assert.AreEqual(Hex(m.Groups[1].Value), p.Referent, where);
                    Assert.AreEqual(m.Groups[2].Value, ModeName(p.Mode), where);
                    Assert.AreEqual(m.Groups[3].Value.Contains("const", StringComparison.Ordinal), p.IsConst, where);
                    Assert.AreEqual(m.Groups[4].Value == "ptr64" ? 8u : 4u, p.Size, where + ": pointer size");
                    break;
                }
                case "LF_MODIFIER":
                {
                    var m = Modifier().Match(details);
                    Assert.IsTrue(m.Success, where + ": " + details);
                    var mod = (ModifierType)type;
                    Assert.AreEqual(Hex(m.Groups[1].Value), mod.Modified, where);
                    Assert.AreEqual(m.Groups[2].Value.Contains("const", StringComparison.Ordinal), mod.IsConst, where);
                    Assert.AreEqual(m.Groups[2].Value.Contains("volatile", StringComparison.Ordinal), mod.IsVolatile, where);
                    break;
                }
                case "LF_ARRAY":
                {
                    var m = Array().Match(details);
                    Assert.IsTrue(m.Success, where + ": " + details);
                    var a = (ArrayType)type;
                    Assert.AreEqual(ulong.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), a.Size, where);
                    Assert.AreEqual(Hex(m.Groups[2].Value), a.IndexType, where);
                    Assert.AreEqual(Hex(m.Groups[3].Value), a.ElementType, where);
                    Assert.AreEqual(a.Size, pdb.Types.SizeOf(a.Index), where);
                    break;
                }
                case "LF_BITFIELD":
                {
                    var b = (BitfieldType)type;
                    Assert.AreEqual(e.BitOffset, b.Position, where);
                    Assert.AreEqual(e.BitCount, b.Width, where);
                    break;
                }
                default:
                    continue;
            }
            counts[e.Leaf] = counts.GetValueOrDefault(e.Leaf) + 1;
        }
        Assert.IsTrue(counts.GetValueOrDefault("LF_POINTER") > 0 && counts.GetValueOrDefault("LF_ARRAY") > 0, key);
    }

    private static string ModeName(PointerMode mode) => mode switch
    {
        PointerMode.Pointer => "pointer",
        PointerMode.LValueReference => "ref",
        PointerMode.RValueReference => "rvalue ref",
        PointerMode.PointerToDataMember => "data member pointer",
        _ => "member fn pointer",
    };

    private static uint Hex(string digits) => uint.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"referent = 0x([0-9A-F]+).*?, mode = ([a-z ]+), opts = ([^,]*), kind = (ptr64|ptr32)")]
    private static partial Regex Pointer();

    [GeneratedRegex(@"referent = 0x([0-9A-F]+).*?, modifiers = (.*)$")]
    private static partial Regex Modifier();

    [GeneratedRegex(@"size: (\d+), index type: 0x([0-9A-F]+).*?, element type: 0x([0-9A-F]+)")]
    private static partial Regex Array();
}
