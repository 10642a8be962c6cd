using WrlDbgExt.Pdb.Tests.Oracle;
using WrlDbgExt.Pdb.Tests.Support;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>Identity, publics, globals and module symbols as llvm-pdbutil prints them; `ln`-style look-ups.</summary>
[TestClass]
public sealed class SymbolConformanceTests
{
    public static IEnumerable<object[]> Pdbs => TestPdbs.All();

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void GuidAndAgeMatchLlvmSummary(string key)
    {
        var path = TestPdbs.PathOf(key);
        var (guid, age) = LlvmSymbolDump.Summary(path);
        using var pdb = PdbFile.Open(path);
        Assert.AreEqual(guid, pdb.Guid);
        Assert.AreEqual(age, pdb.Age);
        Assert.AreEqual(age, pdb.Dbi.Age, "the DBI repeats the age");
    }

    /// <summary>
    /// The globals stream's type names, procedure references and data in llvm-pdbutil's order (the hash records'
    /// order, which dt's wildcard listing follows); each procedure reference leads to a procedure with an address.
    /// </summary>
    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void GlobalsInHashOrderAreLlvmsGlobalsInItsOrder(string key)
    {
        var path = TestPdbs.PathOf(key);
        var header = new System.Text.RegularExpressions.Regex(@"^\s+\d+ \| (S_UDT|S_PROCREF|S_LPROCREF|S_GDATA32|S_LDATA32) \[size = \d+\] `(.*)`$");
        var expected = ExternalTool.Run("llvm-pdbutil", "dump", "-globals", path).Replace("\r\n", "\n").Split('\n')
            .Select(l => header.Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value switch { "S_UDT" => "type", "S_PROCREF" or "S_LPROCREF" => "procedure", _ => "data" }, m.Groups[2].Value))
            .ToList();
        using var pdb = PdbFile.Open(path);
        var actual = pdb.Symbols.GlobalsInHashOrder();
        Assert.IsTrue(expected.Count > 0, key);
        CollectionAssert.AreEqual(expected.Select(e => $"{e.Item1} {e.Item2}").ToList(),
            actual.Select(g => $"{g.Kind switch { Symbols.GlobalRecordKind.TypeName => "type", Symbols.GlobalRecordKind.Procedure => "procedure", _ => "data" }} {g.Name}").ToList(), key);
        foreach (var procedure in actual.Where(g => g.Kind == Symbols.GlobalRecordKind.Procedure))
            Assert.IsNotNull(procedure.Rva, $"{key} {procedure.Name}: the reference leads to no procedure");
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void PublicsMatchLlvmWithRvas(string key)
    {
        var path = TestPdbs.PathOf(key);
        var expected = LlvmSymbolDump.Records(path, "-publics");
        var sections = LlvmSymbolDump.SectionAddresses(path);
        using var pdb = PdbFile.Open(path);
        var actual = pdb.Symbols.Publics;
        Assert.IsTrue(expected.Count > 0, key);
        CollectionAssert.AreEquivalent(expected.Select(e => $"{e.Name} {e.Segment:X4}:{e.Offset:X8}").ToList(),
            actual.Select(p => $"{p.Name} {p.Segment:X4}:{p.Offset:X8}").ToList(), key);
        foreach (var p in actual)
            Assert.AreEqual(sections[p.Segment - 1] + p.Offset, p.Rva, $"{key} {p.Name}: RVA");
        for (int i = 1; i < actual.Count; i++)
            Assert.IsTrue((actual[i - 1].Segment, actual[i - 1].Offset).CompareTo((actual[i].Segment, actual[i].Offset)) <= 0, "address map order");
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void GlobalAndModuleSymbolsMatchLlvm(string key)
    {
        var path = TestPdbs.PathOf(key);
        using var pdb = PdbFile.Open(path);
        var globals = LlvmSymbolDump.Records(path, "-globals").Where(e => e.Kind is "S_GDATA32" or "S_LDATA32");
        CollectionAssert.AreEquivalent(globals.Select(e => $"{e.Kind} {e.Name} {e.Segment:X4}:{e.Offset:X8}").ToList(),
            pdb.Symbols.GlobalData.Select(s => $"{Kind(s)} {s.Name} {s.Segment:X4}:{s.Offset:X8}").ToList(), key + " globals");
        string[] kinds = ["S_GPROC32", "S_LPROC32", "S_GPROC32_ID", "S_LPROC32_ID", "S_GDATA32", "S_LDATA32"];
        var modules = LlvmSymbolDump.Records(path, "-symbols").Where(e => kinds.Contains(e.Kind)).ToList();
        Assert.IsTrue(modules.Any(e => e.Kind.Contains("PROC", StringComparison.Ordinal)), key + ": no procedures");
        var ours = Enumerable.Range(0, pdb.Symbols.ModuleCount).SelectMany(pdb.Symbols.ModuleSymbols).ToList();
        CollectionAssert.AreEquivalent(
            modules.Select(e => $"{e.Module} {e.Kind} {e.Name} {e.Segment:X4}:{e.Offset:X8} {e.CodeSize}").ToList(),
            ours.Select(s => $"{s.ModuleIndex} {Kind(s)} {s.Name} {s.Segment:X4}:{s.Offset:X8} {(s.IsProcedure ? s.Length : null)}").ToList(),
            key + " module symbols");
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void NearestSymbolNamesEveryProcedureAndPublic(string key)
    {
        using var pdb = PdbFile.Open(TestPdbs.PathOf(key));
        var procedures = pdb.Symbols.All().Where(s => s.IsProcedure && s.Rva is not null).ToList();
        foreach (var proc in procedures)
        {
            var atStart = pdb.Symbols.FindNearest(proc.Rva!.Value);
            Assert.IsNotNull(atStart);
            Assert.AreEqual(0u, atStart.Displacement);
            Assert.IsTrue(atStart.Symbol.IsProcedure, $"{key} {proc.Name}: a private procedure wins over the public");
            if (proc.Length > 1)
            {
                var inside = pdb.Symbols.FindNearest(proc.Rva.Value + proc.Length - 1)!;
                Assert.AreEqual(proc.Rva, inside.Symbol.Rva, $"{key} {proc.Name}: last byte");
                Assert.AreEqual(proc.Length - 1, inside.Displacement);
            }
        }
        foreach (var p in pdb.Symbols.Publics.Where(p => p.Rva is not null))
            Assert.AreEqual(p.Rva, pdb.Symbols.FindNearest(p.Rva!.Value)!.Symbol.Rva, key + " " + p.Name);
        Assert.IsNull(pdb.Symbols.FindNearest(0), "nothing lies below the first section");
        // The next symbol above each procedure's start is the nearest one above it among all addressed symbols.
        var starts = pdb.Symbols.All().Where(s => s.Rva is not null).Select(s => s.Rva!.Value).Distinct().Order().ToList();
        foreach (var proc in procedures)
        {
            int at = starts.IndexOf(proc.Rva!.Value);
            Assert.AreEqual(at + 1 < starts.Count ? starts[at + 1] : null, pdb.Symbols.FindNext(proc.Rva.Value)?.Rva, $"{key} {proc.Name}: next");
        }
        Assert.IsTrue(pdb.Symbols.FindByName(procedures[0].Name).Any(s => s.IsProcedure));
    }

    private static string Kind(Symbols.PdbSymbol s) => s.Kind switch
    {
        Symbols.SymbolKind.GlobalData => "S_GDATA32",
        Symbols.SymbolKind.LocalData => "S_LDATA32",
        Symbols.SymbolKind.GlobalProcedure => "S_GPROC32",
        Symbols.SymbolKind.LocalProcedure => "S_LPROC32",
        Symbols.SymbolKind.GlobalProcedureId => "S_GPROC32_ID",
        Symbols.SymbolKind.LocalProcedureId => "S_LPROC32_ID",
        _ => s.Kind.ToString(),
    };
}
