using System.Globalization;
using System.Text.RegularExpressions;
using WrlDbgExt.Pdb.Tests.Support;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>The MSF directory and the streams found through the info and DBI streams, as `llvm-pdbutil dump -streams` lists them.</summary>
[TestClass]
public sealed partial class StreamDirectoryTests
{
    public static IEnumerable<object[]> Pdbs => TestPdbs.All();

    [TestMethod]
    [DynamicData(nameof(Pdbs))]
    public void StreamsMatchLlvm(string key)
    {
        var path = TestPdbs.PathOf(key);
        var listing = ExternalTool.Run("llvm-pdbutil", "dump", "-streams", path);
        var summary = ExternalTool.Run("llvm-pdbutil", "dump", "-summary", path);
        using var pdb = PdbFile.Open(path);
        Assert.AreEqual(int.Parse(BlockSize().Match(summary).Groups[1].Value, CultureInfo.InvariantCulture), pdb.Msf.BlockSize);
        var rows = StreamRow().Matches(listing).ToList();
        Assert.AreEqual(rows.Count, pdb.Msf.StreamCount, key);
        int modules = 0;
        foreach (var row in rows)
        {
            int index = int.Parse(row.Groups[1].Value, CultureInfo.InvariantCulture);
            uint size = uint.Parse(row.Groups[2].Value, CultureInfo.InvariantCulture);
            string what = row.Groups[3].Value;
            Assert.AreEqual(size, pdb.Msf.GetStream(index).Length, $"{key} stream {index} {what}");
            if (NamedStream().Match(what) is { Success: true } named)
                Assert.AreEqual(index, pdb.Info.NamedStreams[named.Groups[1].Value], what);
            if (what.StartsWith("Module \"", StringComparison.Ordinal))
            {
                var module = pdb.Dbi.Modules.Single(m => m.SymbolStream == index);
                Assert.AreEqual(what[8..^1], module.ModuleName);
                modules++;
            }
            int expectedIndex = what switch
            {
                "Global Symbol Hash" => pdb.Dbi.GlobalStreamIndex,
                "Public Symbol Hash" => pdb.Dbi.PublicStreamIndex,
                "Symbol Records" => pdb.Dbi.SymbolRecordStreamIndex,
                "Section Header Data" => pdb.Dbi.SectionHeaderStreamIndex,
                "TPI Hash" => pdb.Types.Stream.HashStreamIndex,
                _ => index,
            };
            Assert.AreEqual(expectedIndex, index, $"{key}: {what}");
        }
        Assert.AreEqual(pdb.Dbi.Modules.Count(m => m.SymbolStream != 0xFFFF), modules);
        Assert.AreEqual(key.StartsWith("x64", StringComparison.Ordinal) ? 0x8664 : 0x14C, pdb.Dbi.Machine);
    }

    [TestMethod]
    public void TheReaderReferencesOnlyTheBcl()
    {
        var references = typeof(PdbFile).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib")).ToList();
        Assert.AreEqual(0, foreign.Count, "WrlDbgExt.Pdb must stay dependency-free: " + string.Join(", ", foreign));
    }

    [GeneratedRegex(@"Stream\s+(\d+) \(\s*(\d+) bytes\): \[(.*)\]")]
    private static partial Regex StreamRow();

    [GeneratedRegex(@"^Named Stream ""(.*)""$")]
    private static partial Regex NamedStream();

    [GeneratedRegex(@"Block Size: (\d+)")]
    private static partial Regex BlockSize();
}
