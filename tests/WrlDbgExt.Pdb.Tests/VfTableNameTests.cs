using WrlDbgExt.Pdb.Names;
using WrlDbgExt.Pdb.Tests.Support;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>
/// Every vftable and vbtable public (<c>??_7…</c>, <c>??_8…</c>) of every test PDB undecorates to what llvm-undname says, in the engine's spelling
/// (the engine prints no <c>const</c>, no <c>{for `…'}</c>, no <c>struct</c>/<c>class</c>, and template arguments
/// without spaces: docs/pdb-format.md §16; the engine's own spelling is checked in the conformance tests).
/// </summary>
[TestClass]
public sealed class VfTableNameTests
{
    public static IEnumerable<object[]> Pdbs => TestPdbs.All();

    /// <summary>llvm-undname's text in the engine's spelling.</summary>
    private static string EngineSpelling(string undname)
    {
        string s = undname.Trim();
        if (s.StartsWith("const ", StringComparison.Ordinal)) s = s["const ".Length..];
        int forScope = s.IndexOf("{for `", StringComparison.Ordinal);
        if (forScope >= 0) s = s[..forScope];
        foreach (var keyword in new[] { "struct ", "class ", "union ", "enum " }) s = s.Replace(keyword, "", StringComparison.Ordinal);
        return s.Replace(", ", ",", StringComparison.Ordinal);
    }

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void VfTablePublicsUndecorateAsLlvmUndnameSays(string key)
    {
        using var pdb = PdbFile.Open(TestPdbs.PathOf(key));
        var mangled = pdb.Symbols.Publics.Select(p => p.Name)
            .Where(n => n.StartsWith("??_7", StringComparison.Ordinal) || n.StartsWith("??_8", StringComparison.Ordinal)).Distinct().ToList();
        if (mangled.Count == 0) return; // the layouts PDB has no virtual classes with publics of this kind
        var lines = ExternalTool.Run("llvm-undname", [.. mangled]).Replace("\r\n", "\n").Split('\n');
        // llvm-undname echoes each input, then prints its undecoration and an empty line.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i + 1 < lines.Length; i++)
            if (mangled.Contains(lines[i]) && !expected.ContainsKey(lines[i])) expected[lines[i]] = EngineSpelling(lines[i + 1]);
        Assert.AreEqual(mangled.Count, expected.Count, $"{key}: llvm-undname did not answer for every name");
        foreach (var name in mangled)
            Assert.AreEqual(expected[name], MsvcVfTableName.Undecorate(name), $"{key}: {name}");
    }

    [TestMethod]
    [DataRow("?Close@MemoryBuffer@wrlref@@UEAAJXZ")] // a function
    [DataRow("??_R4Widget@@6B@")] // a complete object locator
    [DataRow("??_7")]
    [DataRow("??_7Widget")]
    [DataRow("??_7?$weak_ref@$0")]
    [DataRow("??_7?$x@$0ZZZZ@@6B@")]
    [DataRow("??_7?$x@PEAH@@6B@")] // a pointer argument: not read, so not guessed
    public void OtherOrBrokenNamesAreNotGuessed(string mangled) => Assert.IsNull(MsvcVfTableName.Undecorate(mangled), mangled);
}
