using WrlDbgExt.Cli.Symbols;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Tests.Symbols;

/// <summary>
/// Symbol-path syntax (docs/pdb-format.md, "Symbol paths") and the local search it gives: plain folders, symbol stores
/// (one- and two-tier), srv*/symsrv*/cache* local parts, never the network; a PDB of another build is refused.
/// The identities come from this test's own table; the files are empty stand-ins named as a store names them.
/// </summary>
[TestClass]
public class SymbolPathTests
{
    private static readonly Guid Build = new("0F600A67-053D-3562-4C4C-44205044422E");
    private static readonly PdbIdentity Wanted = PdbIdentity.Rsds(Build, 1, @"C:\build\memory_buffers.pdb");
    private static readonly PdbIdentity OtherBuild = PdbIdentity.Rsds(Guid.Parse("11111111-2222-3333-4444-555555555555"), 1, "memory_buffers.pdb");

    private string _root = "";

    [TestInitialize]
    public void MakeRoot() => Directory.CreateDirectory(_root = Path.Combine(Path.GetTempPath(), "wrldbg-sympath-" + Guid.NewGuid().ToString("N")));

    [TestCleanup]
    public void RemoveRoot() => Directory.Delete(_root, recursive: true);

    private string Place(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, []);
        return path;
    }

    [TestMethod]
    public void ParsesEveryForm()
    {
        var p = SymbolPath.Parse(@"C:\syms; srv*C:\cache*https://symbols.example/x ;symsrv*symsrv.dll*D:\mid*E:\low*http://a;cache*F:\c;srv*https://only;;\\share\syms*x;weird*thing");
        CollectionAssert.AreEqual(new[]
        {
            (SymbolPathElementKind.Folder, @"C:\syms"), (SymbolPathElementKind.Store, @"C:\cache"), (SymbolPathElementKind.Store, @"D:\mid"),
            (SymbolPathElementKind.Store, @"E:\low"), (SymbolPathElementKind.Store, @"F:\c"),
        }, p.Locations.Select(l => (l.Kind, l.Path)).ToArray());
        Assert.IsTrue(p.Ignored.Any(i => i.Contains("https://symbols.example/x", StringComparison.Ordinal) && i.Contains("server", StringComparison.Ordinal)));
        Assert.IsTrue(p.Ignored.Any(i => i.StartsWith("srv*https://only", StringComparison.Ordinal) && i.Contains("no local folder", StringComparison.Ordinal)));
        Assert.IsTrue(p.Ignored.Any(i => i.StartsWith("weird*thing", StringComparison.Ordinal)));
        Assert.AreEqual(0, SymbolPath.Parse(null).Locations.Count);
        Assert.AreEqual(0, SymbolPath.Parse(" ; ;").Locations.Count);
    }

    [TestMethod]
    [DataRow("plain", "memory_buffers.pdb", "{0}")]
    [DataRow("store", "memory_buffers.pdb/0F600A67053D35624C4C44205044422E1/memory_buffers.pdb", "srv*{0}*https://unused")]
    [DataRow("cache", "memory_buffers.pdb/0F600A67053D35624C4C44205044422E1/memory_buffers.pdb", "cache*{0}")]
    [DataRow("case", "Memory_Buffers.PDB/0f600a67053d35624c4c44205044422e1/MEMORY_BUFFERS.pdb", "srv*{0}")]
    [DataRow("plain-store", "memory_buffers.pdb/0F600A67053D35624C4C44205044422E1/memory_buffers.pdb", "{0}")]
    public void FindsThePdbInEachLayout(string what, string relative, string pathFormat)
    {
        var file = Place(relative);
        var result = PdbLocator.Find(Wanted, SymbolPath.Parse(string.Format(pathFormat, _root)), f => f == file ? Wanted : null);
        Assert.AreEqual(PdbSearchOutcome.Found, result.Outcome, $"{what}: searched {string.Join(", ", result.Searched)}");
        Assert.AreEqual(file, result.Path);
    }

    [TestMethod]
    public void ATwoTierStoreIsSearchedWhenItSaysSo()
    {
        var file = Place("me/memory_buffers.pdb/0F600A67053D35624C4C44205044422E1/memory_buffers.pdb");
        var path = SymbolPath.Parse("srv*" + _root);
        Assert.AreEqual(PdbSearchOutcome.NotFound, PdbLocator.Find(Wanted, path, _ => Wanted).Outcome, "no index2.txt: a one-tier store");
        Place("index2.txt");
        var result = PdbLocator.Find(Wanted, path, f => f == file ? Wanted : null);
        Assert.AreEqual(PdbSearchOutcome.Found, result.Outcome);
        Assert.AreEqual(file, result.Path);
    }

    [TestMethod]
    public void APdbOfAnotherBuildIsRefusedAndTheSearchGoesOn()
    {
        var wrong = Place("a/memory_buffers.pdb");
        var right = Place("b/memory_buffers.pdb/0F600A67053D35624C4C44205044422E1/memory_buffers.pdb");
        var identities = new Dictionary<string, PdbIdentity> { [wrong] = OtherBuild, [right] = Wanted };
        var onlyWrong = PdbLocator.Find(Wanted, SymbolPath.Parse(Path.Combine(_root, "a")), f => identities.GetValueOrDefault(f));
        Assert.AreEqual(PdbSearchOutcome.Mismatched, onlyWrong.Outcome);
        Assert.AreEqual(wrong, onlyWrong.Path);
        Assert.AreEqual(OtherBuild, onlyWrong.Found);
        var both = PdbLocator.Find(Wanted, SymbolPath.Parse($"{Path.Combine(_root, "a")};srv*{Path.Combine(_root, "b")}"), f => identities.GetValueOrDefault(f));
        Assert.AreEqual(PdbSearchOutcome.Found, both.Outcome);
        Assert.AreEqual(right, both.Path);
        // An age of another build is another build too.
        var olderAge = PdbIdentity.Rsds(Build, 2, "memory_buffers.pdb");
        Assert.AreEqual(PdbSearchOutcome.Mismatched, PdbLocator.Find(Wanted, SymbolPath.Parse(Path.Combine(_root, "a")), _ => olderAge).Outcome);
    }

    [TestMethod]
    public void NothingThereIsNotFoundWithEveryPlaceSearched()
    {
        var result = PdbLocator.Find(Wanted, SymbolPath.Parse($"{_root};srv*{_root}"), _ => Wanted);
        Assert.AreEqual(PdbSearchOutcome.NotFound, result.Outcome);
        Assert.AreEqual(3, result.Searched.Count, string.Join("\n", result.Searched));
        Assert.AreEqual(PdbSearchOutcome.NotFound, PdbLocator.Find(PdbIdentity.Rsds(Build, 1, ""), SymbolPath.Parse(_root), _ => Wanted).Outcome, "no name: nothing to look for");
    }

    /// <summary>A FIFO named like the PDB is passed over, not opened (an open would wait for a writer forever).</summary>
    [TestMethod]
    public void AFifoNamedLikeThePdbIsNotOpened()
    {
        if (OperatingSystem.IsWindows()) return; // no FIFOs in the file system there
        string fifo = Path.Combine(_root, "memory_buffers.pdb");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Assert.IsTrue(File.Exists(fifo));
        using var symbols = new DumpSymbols([new TargetModule(@"C:\app\memory_buffers.exe", 0x1_4000_0000, 0x1000, 0, null, Wanted)], SymbolPath.Parse(_root));
        var search = Task.Run(() => symbols.Searches.Single().Search);
        Assert.IsTrue(search.Wait(TimeSpan.FromSeconds(10)), "the search waited on the FIFO");
        Assert.AreEqual(PdbSearchOutcome.NotFound, search.Result.Outcome);
    }
}
