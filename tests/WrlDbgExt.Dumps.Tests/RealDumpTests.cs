using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>
/// The third-party dumps in ../shared/testdata/realdumps (see its MANIFEST.md). Counts and exception
/// codes are the MANIFEST's; versions, PDB identities and addresses are what the files hold.
/// </summary>
[TestClass]
public sealed class RealDumpTests
{
    private const string InvalidParameter = "windows-x64/rust-minidump_invalid-parameter.dmp";
    private const string Electron = "windows-x64/electron-node-minidump_windows.dmp";
    private const string FastFail = "windows-x64/breakpad_tiny-exe-fastfail.dmp";
    private const string XpMinidump2 = "windows-x86/breakpad_minidump2.dmp";
    private const string ThreadNameList = "windows-x86/breakpad_thread_name_list.dmp";

    private static string DumpPath(string relative)
    {
        var path = SharedTestData.RealDump(relative);
        if (path is null)
            Assert.Inconclusive(SharedTestData.AbsentReason);
        return path!;
    }

    private static MinidumpTarget Open(string relative) => MinidumpTarget.Open(DumpPath(relative));

    [TestMethod]
    [DataRow(InvalidParameter, TargetArchitecture.X64, 31, 6, 0xC000000DU)]
    [DataRow(Electron, TargetArchitecture.X64, 58, 14, 0xC0000005U)]
    [DataRow(FastFail, TargetArchitecture.X64, 21, 4, 0xC0000409U)]
    [DataRow(XpMinidump2, TargetArchitecture.X86, 13, 2, 0xC0000005U)]
    [DataRow(ThreadNameList, TargetArchitecture.X86, 17, 6, 0xC0000005U)]
    public void WindowsDump_OpensWithManifestCounts(string dump, TargetArchitecture architecture, int modules, int threads, uint code)
    {
        using var target = Open(dump);

        Assert.AreEqual(architecture, target.Architecture);
        Assert.AreEqual(architecture == TargetArchitecture.X86 ? 4 : 8, target.PointerSize);
        Assert.AreEqual(modules, target.Modules.Count);
        Assert.AreEqual(threads, target.Threads.Count);
        Assert.AreEqual(threads, target.Summary.ThreadCount);
        Assert.AreEqual("Windows NT", target.Summary.System.PlatformName);
        Assert.AreEqual(code, target.Summary.Exception!.Code);
        Assert.IsTrue(target.Threads.Any(t => t.Id == target.Summary.Exception.ThreadId), "the faulting thread is in the thread list");
        Assert.IsTrue(target.Modules.Any(m => m.Pdb is { Format: "RSDS" } pdb && pdb.Guid != Guid.Empty
            && pdb.FileName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)), "some module has an RSDS identity");
        Assert.IsTrue(target.Modules.Any(m => m.FileVersion is not null), "some module has a file version");
    }

    [TestMethod]
    [DataRow(InvalidParameter)]
    [DataRow(Electron)]
    [DataRow(FastFail)]
    [DataRow(XpMinidump2)]
    [DataRow(ThreadNameList)]
    public void WindowsDump_StacksAreReadableButImagesAreNot(string dump)
    {
        using var target = Open(dump);
        var buffer = new byte[64];

        foreach (var thread in target.Threads)
        {
            Assert.AreEqual(64, target.Read(thread.StackStart, buffer), $"thread {thread.Id} stack start");
            // 16 bytes before the captured stack's end, a 64-byte read is honestly partial.
            Assert.AreEqual(16, target.Read(thread.StackStart + thread.StackSize - 16, buffer), $"thread {thread.Id} stack end");
        }
        foreach (var module in target.Modules)
            Assert.AreEqual(0, target.Read(module.ImageBase, buffer), $"{module.FileName} image memory");
    }

    [TestMethod]
    public void InvalidParameterDump_Details()
    {
        using var target = Open(InvalidParameter);
        var summary = target.Summary;

        Assert.AreEqual("Windows NT 10.0.17134 workstation", summary.OsDescription);
        Assert.AreEqual("x64", summary.System.ProcessorArchitectureName);
        Assert.AreEqual((byte)16, summary.System.NumberOfProcessors);
        Assert.AreEqual(6256U, summary.ProcessId);
        Assert.AreEqual(new DateTimeOffset(2018, 9, 21, 17, 0, 46, TimeSpan.Zero), summary.Timestamp);
        Assert.AreEqual(5896U, summary.Exception!.ThreadId);
        Assert.AreEqual(0UL, summary.Exception.Address);
        Assert.AreEqual(3, summary.Exception.Parameters.Count);
        Assert.IsNotNull(target.FindByName("combase.dll"));
        Assert.IsNotNull(target.FindByName("WinTypes"));

        var exe = target.Modules[0];
        Assert.AreEqual("CrashTest.exe", exe.FileName);
        Assert.AreEqual(0x00007FF61BC80000UL, exe.ImageBase);
        Assert.IsNull(exe.FileVersion);
        Assert.AreEqual(PdbIdentity.Rsds(new Guid("368A7C3A-63A6-44D9-BF65-9B2F4799A1C2"), 3, @"C:\build\CrashTest\x64\Debug\CrashTest.pdb"), exe.Pdb);
        Assert.AreEqual("crashtest.pdb/368A7C3A63A644D9BF659B2F4799A1C23/crashtest.pdb", exe.Pdb!.SymbolStoreKey);

        // The dump records file version 6.2.x for Windows 10 system DLLs; the product version says 10.0.
        var ntdll = target.FindByName("ntdll")!;
        Assert.AreEqual(new Version(6, 2, 17134, 254), ntdll.FileVersion);
        Assert.AreEqual(new Version(10, 0, 17134, 254), target.DumpFile.Modules![1].ProductVersion);
        Assert.AreEqual("ntdll.pdb {5BADA676-3A2D-F568-BAEA-C8F70DA0DF3C} age 1", ntdll.Pdb!.ToString());
    }

    [TestMethod]
    public void ElectronDump_Details()
    {
        using var target = Open(Electron);
        var summary = target.Summary;

        Assert.AreEqual("10.0.14393", summary.System.Version);
        Assert.AreEqual(10148U, summary.ProcessId);
        Assert.AreEqual(6068U, summary.Exception!.ThreadId);
        Assert.AreEqual(0x7FF7215F8DA4UL, summary.Exception.Address);
        CollectionAssert.AreEqual(new ulong[] { 1, 0 }, summary.Exception.Parameters.ToArray(), "a write to address 0");

        var electron = target.FindByName("electron.exe")!;
        Assert.AreEqual(new Version(1, 4, 3, 0), electron.FileVersion);
        Assert.AreEqual(@"C:\Jenkins\workspace\electron-win-x64\out\R\electron.exe.pdb", electron.Pdb!.Path);
        Assert.AreEqual(new Guid("2AC9BCFD-1483-4543-9667-328ACC476054"), electron.Pdb.Guid);
        Assert.AreEqual(new Version(6, 5, 0, 0), target.FindByName("node.dll")!.FileVersion);
        Assert.AreEqual("Windows.Storage.pdb", target.FindByName("windows.storage")!.Pdb!.FileName);
    }

    [TestMethod]
    public void FastFailDump_Details()
    {
        using var target = Open(FastFail);
        var summary = target.Summary;

        Assert.AreEqual("10.0.19042", summary.System.Version);
        Assert.AreEqual((byte)36, summary.System.NumberOfProcessors);
        Assert.AreEqual(0x100UL, summary.Flags);
        Assert.AreEqual(24440U, summary.Exception!.ThreadId);
        CollectionAssert.AreEqual(new ulong[] { 7 }, summary.Exception.Parameters.ToArray(), "FAST_FAIL_FATAL_APP_EXIT");
        Assert.AreEqual("stack buffer overrun / fail fast", ExceptionCodes.Name(summary.Exception.Code));

        // tiny.exe was linked by lld: its GUID ends in the 'LLD PDB.' signature bytes.
        var tiny = target.FindByName("tiny")!;
        Assert.AreEqual(new Guid("6F81F755-C50D-71BE-4C4C-44205044422E"), tiny.Pdb!.Guid);
        Assert.AreEqual("tiny.exe.pdb", tiny.Pdb.Path);
        Assert.AreEqual(new Version(10, 0, 19041, 1806), target.FindByName("ntdll")!.FileVersion);
        Assert.AreEqual("combase.pdb", target.FindByName("combase")!.Pdb!.FileName);
    }

    [TestMethod]
    public void WindowsXpDump_Details()
    {
        using var target = Open(XpMinidump2);
        var summary = target.Summary;

        Assert.AreEqual("Windows NT 5.1.2600 workstation Service Pack 2", summary.OsDescription);
        Assert.AreEqual("Service Pack 2", summary.System.CsdVersion);
        Assert.AreEqual(3932U, summary.ProcessId);
        Assert.AreEqual(0x40429EUL, summary.Exception!.Address);
        CollectionAssert.AreEqual(new ulong[] { 1, 0x45 }, summary.Exception.Parameters.ToArray());

        var app = target.Modules[0];
        Assert.AreEqual(@"c:\test_app.exe", app.Path);
        Assert.AreEqual(PdbIdentity.Rsds(new Guid("5A9832E5-2872-41C1-838E-D98914E9B7FF"), 1, @"c:\test_app.pdb"), app.Pdb);
        var ntdll = target.FindByName("ntdll")!;
        Assert.AreEqual(new Version(5, 1, 2600, 2180), ntdll.FileVersion);
        Assert.AreEqual(2U, ntdll.Pdb!.Age);
        Assert.AreEqual(0x7FFDF000UL, target.Threads[0].Teb);
    }

    [TestMethod]
    public void ThreadNameListDump_Details()
    {
        using var target = Open(ThreadNameList);

        Assert.AreEqual("10.0.17763", target.Summary.System.Version);
        var names = target.Threads.Where(t => t.Name is not null).ToDictionary(t => t.Id, t => t.Name);
        Assert.AreEqual(3, names.Count);
        Assert.AreEqual("main thread", names[6564]);
        Assert.AreEqual("sleep thread", names[8820]);
        Assert.AreEqual("overflow thread", names[10976]);
        Assert.AreEqual(10976U, target.Summary.Exception!.ThreadId);

        // Odd look-alike module names carry neither version nor CodeView record.
        var fake = target.FindByName("ntd1l.dll")!;
        Assert.IsNull(fake.FileVersion);
        Assert.IsNull(fake.Pdb);
        Assert.AreEqual("wntdll.pdb", target.FindByName("ntdll.dll")!.Pdb!.FileName);
        // heob32.exe has an RSDS record whose path is empty.
        var heob = target.FindByName("heob32")!;
        Assert.AreEqual(new Guid("90A03C4A-EE96-F06E-09EF-D04B43D7996D"), heob.Pdb!.Guid);
        Assert.AreEqual("", heob.Pdb.Path);
        Assert.AreEqual(new Version(3, 2, 0, 99), heob.FileVersion);
    }

    [TestMethod]
    public void LinuxDump_IsNotAWindowsProcess()
    {
        var path = DumpPath("nonwindows/rust-minidump_linux-mini.dmp");
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(path));

        Assert.AreEqual(path + ": a Linux minidump (Breakpad platform id 0x8201), not of a Windows process", ex.Message);
        StringAssert.Contains(ex.Message, "not of a Windows process");
    }

    [TestMethod]
    [DataRow("malformed/rust-minidump_invalid-range.dmp", "no system-info stream")]
    [DataRow("malformed/lldb_regions-memlist64.dmp", "no module-list stream")]
    public void MalformedDump_FailsWithOneLine(string dump, string reason)
    {
        var path = DumpPath(dump);
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(path));

        Assert.AreEqual($"{path}: {reason}", ex.Message);
        Assert.IsFalse(ex.Message.Contains('\n'));
    }

    [TestMethod]
    public void RealDumpCutInsideTheModuleList_FailsWithOneLine()
    {
        var bytes = File.ReadAllBytes(DumpPath(XpMinidump2));
        using var file = new TempDumpFile(bytes[..0x600]); // the module list's 13 entries run from 0x1EC to 0x768

        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(file.Path));

        StringAssert.EndsWith(ex.Message, ": module list entry array at RVA 0x1EC (1404 bytes) runs past the end of the file (1536 bytes)");
        Assert.IsFalse(ex.Message.Contains('\n'));
    }

    [TestMethod]
    [DataRow(InvalidParameter)]
    [DataRow(Electron)]
    [DataRow(FastFail)]
    [DataRow(XpMinidump2)]
    [DataRow(ThreadNameList)]
    public void WindowsDump_ListsEveryMemoryRangeWhole(string dump)
    {
        var bytes = File.ReadAllBytes(DumpPath(dump));
        // The MANIFEST gives no range counts: count them from the dump's own directory bytes.
        var raw = RawMemoryRanges.Read(bytes);
        using var target = Open(dump);

        Assert.HasCount(raw.Count, target.Regions);
        Assert.IsGreaterThan(0, raw.Count);
        CollectionAssert.AreEqual(raw.OrderBy(r => r.Start).Select(r => r.Start).ToArray(), target.Regions.Select(r => r.Start).ToArray());
        Assert.IsTrue(target.Regions.All(r => r.BytesAvailable == r.Size), "no range is cut short");
        ulong listed = raw.Aggregate(0UL, (sum, r) => sum + r.Size);
        Assert.AreEqual(new MemorySummary(raw.Count, listed, listed, FullMemory: false), target.Summary.Memory);
        Assert.IsEmpty(target.Warnings, string.Join(" | ", target.Warnings));

        // Every range reads back as exactly the file's bytes at its offset.
        foreach (var range in raw)
        {
            var buffer = new byte[range.Size];
            Assert.AreEqual((int)range.Size, target.Read(range.Start, buffer), $"range 0x{range.Start:x}");
            CollectionAssert.AreEqual(bytes[(int)range.FileOffset..(int)(range.FileOffset + range.Size)], buffer, $"range 0x{range.Start:x}");
        }
    }

    [TestMethod]
    [DataRow(InvalidParameter, 31, 6)]
    [DataRow(XpMinidump2, 13, 2)]
    public void RealDumpCutInsideItsLastMemoryRange_OpensTruncated(string dump, int modules, int threads)
    {
        var bytes = File.ReadAllBytes(DumpPath(dump));
        var last = RawMemoryRanges.Read(bytes).MaxBy(r => r.FileOffset)!;
        ulong kept = last.Size / 2;
        using var file = new TempDumpFile(bytes[..(int)(last.FileOffset + kept)]);

        using var target = MinidumpTarget.Open(file.Path);

        Assert.AreEqual(modules, target.Modules.Count);
        Assert.AreEqual(threads, target.Threads.Count);
        Assert.AreEqual(new MemoryRegion(last.Start, last.Size, kept), target.Regions.Single(r => r.Start == last.Start));
        CollectionAssert.AreEqual(new[] { $"{last.Size - kept} bytes of listed memory lie beyond the end of the file (truncated dump)" }, target.Warnings.ToArray());
        Assert.IsTrue(target.Summary.Memory.Truncated);
        var buffer = new byte[last.Size];
        Assert.AreEqual((int)kept, target.Read(last.Start, buffer), "the read stops at the cut");
        CollectionAssert.AreEqual(bytes[(int)last.FileOffset..(int)(last.FileOffset + kept)], buffer[..(int)kept]);
    }

    [TestMethod]
    public void RsdsRecordWithAnEmptyPath_HasNoSymbolStoreKey()
    {
        using var target = Open(ThreadNameList);
        Assert.IsNull(target.FindByName("heob32")!.Pdb!.SymbolStoreKey);
        Assert.AreEqual("wntdll.pdb/59A404073ECA3A119A1BA3BD1483FEF11/wntdll.pdb", target.FindByName("ntdll")!.Pdb!.SymbolStoreKey);
    }
}
