using System.Globalization;
using WrlDbgExt.Pdb.Tests.Oracle;
using WrlDbgExt.Pdb.Tests.Support;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>Every LF_ARGLIST of every test PDB holds the argument types `llvm-pdbutil dump -types` lists, in order.</summary>
[TestClass]
public sealed class ArgumentListConformanceTests
{
    public static IEnumerable<object[]> Pdbs => TestPdbs.All();

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void ArgumentListsMatchLlvm(string key)
    {
        var path = TestPdbs.PathOf(key);
        using var pdb = PdbFile.Open(path);
        int lists = 0, arguments = 0;
        foreach (var e in LlvmTypeDump.Load(path).Values.Where(e => e.Leaf == "LF_ARGLIST"))
        {
            // One detail line per argument: "0x1006: `const GUID&`" or "0x0603 (void*): `void*`".
            var expected = e.Details.Where(d => d.TrimStart().StartsWith("0x", StringComparison.Ordinal))
                .Select(d => uint.Parse(d.TrimStart()[2..].Split(':', ' ')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToList();
            var list = pdb.Types.Get(e.Index) as ArgumentListType;
            Assert.IsNotNull(list, $"{key} 0x{e.Index:X} is an LF_ARGLIST");
            CollectionAssert.AreEqual(expected, list.Arguments.ToList(), $"{key} 0x{e.Index:X}");
            lists++;
            arguments += expected.Count;
        }
        // The layouts PDB declares no function with arguments; the targets' PDBs have hundreds.
        Assert.IsTrue(lists > 0 && (arguments > 0 || key.Contains("layouts", StringComparison.Ordinal)), $"{key}: {lists} argument lists, {arguments} arguments");
    }
}
