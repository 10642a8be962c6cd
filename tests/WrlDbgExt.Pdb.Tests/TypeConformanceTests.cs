using System.Numerics;
using WrlDbgExt.Pdb.Tests.Oracle;
using WrlDbgExt.Pdb.Tests.Support;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>Every class, struct, union and enum of every test PDB, x64 and x86, as `llvm-pdbutil dump -types` shows it.</summary>
[TestClass]
public sealed class TypeConformanceTests
{
    public static IEnumerable<object[]> Pdbs => TestPdbs.All();

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void ClassesStructsAndUnionsMatchLlvm(string key)
    {
        var path = TestPdbs.PathOf(key);
        var expected = LlvmTypeDump.Load(path);
        using var pdb = PdbFile.Open(path);
        int checkedTypes = 0;
        foreach (var e in expected.Values.Where(r => r.Leaf is "LF_CLASS" or "LF_STRUCTURE" or "LF_UNION" or "LF_INTERFACE"))
        {
            var actual = pdb.Types.Get(e.Index) as UdtType;
            Assert.IsNotNull(actual, $"{key} 0x{e.Index:X}: not decoded as a class");
            string where = $"{key} 0x{e.Index:X} {e.Name}";
            Assert.AreEqual(e.Name, actual.Name, where);
            Assert.AreEqual(e.UniqueName, actual.UniqueName, where);
            Assert.AreEqual(e.IsForwardReference, actual.IsForwardReference, where);
            Assert.AreEqual(e.Size ?? 0, actual.Size, where + ": size");
            Assert.AreEqual(e.Leaf, KindLeaf(actual.Kind), where);
            if (e.IsForwardReference)
            {
                Assert.AreEqual(e.ForwardTarget, pdb.Types.ResolveIndex(e.Index), where + ": forward reference resolves elsewhere");
                continue;
            }
            Assert.AreEqual(e.FieldList, actual.FieldList, where);
            CompareFields(where, expected, e.FieldList ?? 0, pdb.Types.FieldsOf(e.Index));
            // Looking the definition up by its names finds it (the unique name is the exact key).
            if (e.UniqueName is not null) Assert.AreEqual(e.Index, pdb.Types.FindByName(e.UniqueName)?.Index, where + ": by unique name");
            var byName = pdb.Types.FindByName(e.Name!) as UdtType;
            Assert.IsTrue(byName is { IsForwardReference: false } && byName.Name == e.Name, where + ": by name");
            checkedTypes++;
        }
        Assert.IsTrue(checkedTypes > 3, $"{key}: only {checkedTypes} class definitions");
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void EnumsMatchLlvm(string key)
    {
        var path = TestPdbs.PathOf(key);
        var expected = LlvmTypeDump.Load(path);
        using var pdb = PdbFile.Open(path);
        foreach (var e in expected.Values.Where(r => r.Leaf == "LF_ENUM"))
        {
            string where = $"{key} 0x{e.Index:X} {e.Name}";
            var actual = pdb.Types.Get(e.Index) as EnumType;
            Assert.IsNotNull(actual, where);
            Assert.AreEqual(e.Name, actual.Name, where);
            Assert.AreEqual(e.UniqueName, actual.UniqueName, where);
            if (e.IsForwardReference)
            {
                Assert.AreEqual(e.ForwardTarget, pdb.Types.ResolveIndex(e.Index), where);
                continue;
            }
            var want = FlattenFields(expected, e.FieldList ?? 0).Where(f => f.Kind == "LF_ENUMERATE").ToList();
            var got = pdb.Types.FieldsOf(e.Index).Enumerators;
            Assert.AreEqual(want.Count, got.Count, where + ": enumerator count");
            for (int i = 0; i < want.Count; i++)
            {
                Assert.AreEqual(want[i].Name, got[i].Name, where);
                Assert.IsTrue(SameValue(want[i].Value!.Value, got[i].Value), $"{where} {got[i].Name}: llvm {want[i].Value}, ours {got[i].Value}");
            }
            Assert.AreEqual(e.Index, pdb.Types.FindByName(e.Name!)?.Index, where + ": by name");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void DefinitionsAreTheRecordsLlvmShowsWithoutForwardReference(string key)
    {
        var path = TestPdbs.PathOf(key);
        var expected = LlvmTypeDump.Load(path).Values
            .Where(r => r.Leaf is "LF_CLASS" or "LF_STRUCTURE" or "LF_UNION" or "LF_INTERFACE" or "LF_ENUM" && !r.IsForwardReference)
            .Select(r => r.Index).ToList();
        using var pdb = PdbFile.Open(path);
        CollectionAssert.AreEqual(expected, pdb.Types.Definitions().Select(t => t.Index).ToList(), key);
    }

    [TestMethod]
    public void LayoutsPdbHasTheLeavesTheFixturesLack()
    {
        foreach (var arch in new[] { "x64", "x86" })
        {
            using var pdb = PdbFile.Open(TestPdbs.PathOf(arch + "/layouts"));
            var bits = (UdtType)pdb.Types.FindByName("Bits")!;
            var members = pdb.Types.FieldsOf(bits.Index).Members;
            Assert.AreEqual("a:0:3 b:3:5 c:8:12 d:0:40 e:-:-",
                string.Join(' ', members.Select(m => $"{m.Name}:{m.BitPosition?.ToString() ?? "-"}:{m.BitWidth?.ToString() ?? "-"}")));
            var diamond = pdb.Types.FieldsOf(pdb.Types.FindByName("Diamond")!.Index);
            Assert.IsTrue(diamond.BaseClasses.Any(b => b.IsVirtual && b.IsIndirect), arch);
            Assert.AreEqual("st", diamond.StaticMembers.Single().Name);
            CollectionAssert.AreEqual(new[] { "Inner", "E" }, diamond.NestedTypes.Select(n => n.Name).ToArray());
            var vb = pdb.Types.FieldsOf(pdb.Types.FindByName("VB")!.Index);
            Assert.AreEqual(1, vb.VtablePointers.Count);
            Assert.AreEqual(1, pdb.Types.VtableShapeCount(vb.VtablePointers[0].Type), arch + ": VB's vtable shape has f's slot");
            var f = pdb.Types.OverloadsOf(vb.Methods.Single(m => m.Name == "f")).Single();
            Assert.AreEqual((byte)4, f.MethodProperty, arch + ": f introduces a virtual");
            Assert.IsInstanceOfType<ProcedureType>(pdb.Types.Get(f.Type));
            var big = pdb.Types.FieldsOf(pdb.Types.FindByName("Big")!.Index).Enumerators;
            Assert.AreEqual(2002, big.Count, "the LF_INDEX continuation is followed");
            Assert.AreEqual(-5000000000L, big[^1].Value.AsInt64);
            var vbptr = diamond.BaseClasses.First(b => b.IsVirtual).VbptrType;
            Assert.AreEqual(arch == "x64" ? 8UL : 4UL, pdb.Types.SizeOf(vbptr), arch + ": vbptr size");
            var u = (UdtType)pdb.Types.FindByName("U")!;
            Assert.AreEqual(UdtKind.Union, u.Kind);
            Assert.AreEqual("char[8]", pdb.Types.NameOf(pdb.Types.FieldsOf(u.Index).Members.Single(m => m.Name == "c").Type));
        }
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void DefinitionsSitInTheHashBucketOfTheirName(string key)
    {
        using var pdb = PdbFile.Open(TestPdbs.PathOf(key));
        var values = pdb.Types.Stream.HashValues;
        Assert.IsNotNull(values, key + ": no TPI hash values");
        int hashed = 0;
        foreach (var type in pdb.Types.All())
        {
            if (type is not UdtType { IsForwardReference: false } u || (u.Properties & TypeProperties.Scoped) != 0) continue;
            if (u.Name.Contains("<unnamed", StringComparison.Ordinal)) continue;
            Assert.AreEqual(PdbHash.HashStringV1(u.Name) % pdb.Types.Stream.HashBucketCount, values[u.Index - pdb.Types.FirstIndex], u.Name);
            hashed++;
        }
        Assert.IsTrue(hashed > 0);
    }

    private static void CompareFields(string where, IReadOnlyDictionary<uint, LlvmTypeRecord> all, uint fieldList, FieldList actual)
    {
        var want = FlattenFields(all, fieldList);
        var members = want.Where(f => f.Kind == "LF_MEMBER").ToList();
        Assert.AreEqual(members.Count, actual.Members.Count, where + ": member count");
        for (int i = 0; i < members.Count; i++)
        {
            var (w, a) = (members[i], actual.Members[i]);
            Assert.AreEqual(w.Name, a.Name, where);
            Assert.AreEqual(w.Offset, a.Offset, $"{where}.{a.Name}: offset");
            Assert.AreEqual(w.Type, a.Type, $"{where}.{a.Name}: type");
            var bitfield = all.TryGetValue(w.Type!.Value, out var t) && t.Leaf == "LF_BITFIELD" ? t : null;
            Assert.AreEqual(bitfield?.BitOffset, (int?)a.BitPosition, $"{where}.{a.Name}: bit position");
            Assert.AreEqual(bitfield?.BitCount, (int?)a.BitWidth, $"{where}.{a.Name}: bit width");
        }
        var bases = want.Where(f => f.Kind is "LF_BCLASS" or "LF_VBCLASS" or "LF_IVBCLASS").ToList();
        Assert.AreEqual(bases.Count, actual.BaseClasses.Count, where + ": base count");
        for (int i = 0; i < bases.Count; i++)
        {
            var (w, a) = (bases[i], actual.BaseClasses[i]);
            Assert.AreEqual(w.Type, a.Type, where + ": base type");
            Assert.AreEqual(w.Kind != "LF_BCLASS", a.IsVirtual, where);
            Assert.AreEqual(w.Kind == "LF_IVBCLASS", a.IsIndirect, where);
            if (a.IsVirtual)
            {
                Assert.AreEqual(w.VbptrType, a.VbptrType, where);
                Assert.AreEqual(w.VbptrOffset, a.VbptrOffset, where + ": vbptr offset");
                Assert.AreEqual(w.VtableIndex, a.VbtableIndex, where + ": vbtable index");
            }
            else Assert.AreEqual(w.Offset, a.Offset, where + ": base offset");
        }
        CollectionAssert.AreEqual(Names(want, "LF_STMEMBER"), actual.StaticMembers.Select(s => s.Name).ToList(), where + ": statics");
        CollectionAssert.AreEqual(Names(want, "LF_NESTTYPE"), actual.NestedTypes.Select(s => s.Name).ToList(), where + ": nested");
        CollectionAssert.AreEqual(want.Where(f => f.Kind == "LF_VFUNCTAB").Select(f => f.Type).ToList(),
            actual.VtablePointers.Select(v => (uint?)v.Type).ToList(), where + ": vfptr");
        CollectionAssert.AreEqual(want.Where(f => f.Kind is "LF_ONEMETHOD" or "LF_METHOD").Select(f => f.Name).ToList(),
            actual.Methods.Select(m => m.Name).ToList(), where + ": methods");
    }

    private static List<string?> Names(List<LlvmField> fields, string kind) => fields.Where(f => f.Kind == kind).Select(f => f.Name).ToList();

    // llvm prints each list with its LF_INDEX entry; following the continuation appends the next list's fields.
    private static List<LlvmField> FlattenFields(IReadOnlyDictionary<uint, LlvmTypeRecord> all, uint fieldList)
    {
        var result = new List<LlvmField>();
        for (uint next = fieldList; next != 0 && all.TryGetValue(next, out var list);)
        {
            next = 0;
            foreach (var f in list.Fields)
            {
                if (f.Kind == "LF_INDEX") next = f.Type!.Value;
                else result.Add(f);
            }
        }
        return result;
    }

    private static bool SameValue(BigInteger llvm, NumericValue ours)
    {
        // llvm prints the leaf's bits as an unsigned number of the leaf's width.
        if ((ulong)(llvm & ulong.MaxValue) == ours.Bits) return true;
        foreach (int width in new[] { 8, 16, 32 })
            if (llvm == (ours.Bits & ((1UL << width) - 1))) return true;
        return false;
    }

    private static string KindLeaf(UdtKind kind) => kind switch
    {
        UdtKind.Class => "LF_CLASS",
        UdtKind.Structure => "LF_STRUCTURE",
        UdtKind.Union => "LF_UNION",
        _ => "LF_INTERFACE",
    };
}
