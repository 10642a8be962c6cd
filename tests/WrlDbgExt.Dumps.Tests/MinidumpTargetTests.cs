using WrlDbgExt.Core.Targets;
using static WrlDbgExt.Dumps.Tests.RawMinidumpBuilder;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>MinidumpTarget over crafted dumps: memory through ClrMD, everything else from our parse.</summary>
[TestClass]
public sealed class MinidumpTargetTests
{
    [TestMethod]
    public void Open_CraftedX64Dump_ExposesModulesThreadsAndSummary()
    {
        using var file = new TempDumpFile(CraftedDumps.Complete());
        using var target = MinidumpTarget.Open(file.Path);

        Assert.AreEqual(TargetArchitecture.X64, target.Architecture);
        Assert.AreEqual(8, target.PointerSize);
        Assert.IsNull(target.Symbols(), "a dump has no symbol lookup");
        var app = target.FindByName("app");
        Assert.IsNotNull(app);
        Assert.AreEqual(new Version(10, 0, 19041, 1806), app.FileVersion);
        Assert.AreEqual("app.pdb", app.Pdb!.FileName);
        Assert.AreSame(app, target.FindByAddress(CraftedDumps.AppBase + 0x1FFF));
        Assert.AreEqual(2, target.Threads.Count);
        Assert.AreEqual(new TargetThread(0x1111, 0x7FFDE000, CraftedDumps.StackStart, 32, "worker"), target.Threads[0]);
        Assert.IsNull(target.Threads[1].Name);

        var summary = target.Summary;
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_600_000_100), summary.Timestamp);
        Assert.AreEqual(0x120UL, summary.Flags);
        Assert.AreEqual("Windows NT 6.1.7601 workstation Service Pack 9", summary.OsDescription);
        Assert.AreEqual(4242U, summary.ProcessId);
        Assert.AreEqual(ExceptionCodes.AccessViolation, summary.Exception!.Code);
        Assert.AreEqual(2, summary.ThreadCount);
        Assert.AreEqual(2, summary.ModuleCount);
    }

    [TestMethod]
    public void Read_StackMemory_ReturnsTheFileBytesAndHonestPartialCounts()
    {
        using var file = new TempDumpFile(CraftedDumps.Complete());
        using var target = MinidumpTarget.Open(file.Path);

        var buffer = new byte[64];
        Assert.AreEqual(32, target.Read(CraftedDumps.StackStart, buffer));
        CollectionAssert.AreEqual(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray(), buffer[..32]);
        Assert.AreEqual(0, buffer[32], "bytes past the honest count are left untouched");

        Assert.AreEqual(4, target.Read(CraftedDumps.StackStart + 28, buffer));
        Assert.AreEqual(0, target.Read(CraftedDumps.AppBase, buffer), "no image memory in the dump");
        Assert.AreEqual(0, target.Read(CraftedDumps.StackStart, Span<byte>.Empty));
    }

    [TestMethod]
    public void Read_X86Target_StopsAt4GiB()
    {
        using var file = new TempDumpFile(CraftedDumps.Complete(CraftedDumps.X86));
        using var target = MinidumpTarget.Open(file.Path);
        Assert.AreEqual(TargetArchitecture.X86, target.Architecture);
        Assert.AreEqual(4, target.PointerSize);

        var buffer = new byte[16];
        Assert.AreEqual(8, target.Read(CraftedDumps.HighMemory, buffer));
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, buffer[..8]);
        Assert.AreEqual(0, target.Read(0x1_0000_0000, buffer));
        Assert.AreEqual(0, target.Read(ulong.MaxValue, buffer));
    }

    [TestMethod]
    public void Read_X64Target_ReadsAcross4GiB()
    {
        using var file = new TempDumpFile(CraftedDumps.Complete(CraftedDumps.Amd64));
        using var target = MinidumpTarget.Open(file.Path);

        var buffer = new byte[16];
        Assert.AreEqual(16, target.Read(CraftedDumps.HighMemory, buffer), "adjacent ranges read as one on x64 (8 on x86)");
        Assert.AreEqual(8, target.Read(0x1_0000_0000, buffer));
        CollectionAssert.AreEqual(new byte[] { 9, 10, 11, 12, 13, 14, 15, 16 }, buffer[..8]);
        Assert.AreEqual(0, target.Read(ulong.MaxValue, buffer), "a read must not wrap around the address space");
    }

    [TestMethod]
    public void Read_AfterDispose_ThrowsObjectDisposed()
    {
        using var file = new TempDumpFile(CraftedDumps.Complete());
        var target = MinidumpTarget.Open(file.Path);
        target.Dispose();
        target.Dispose(); // idempotent

        Assert.ThrowsExactly<ObjectDisposedException>(() => target.Read(CraftedDumps.StackStart, new byte[4]));
    }

    [TestMethod]
    public void Open_BreakpadLinuxPlatform_IsNotAWindowsProcess()
    {
        var ex = OpenFails(CraftedDumps.Minimal(CraftedDumps.Amd64, 0x8201));
        StringAssert.EndsWith(ex.Message, ": a Linux minidump (Breakpad platform id 0x8201), not of a Windows process");
    }

    [TestMethod]
    public void Open_BreakpadMacPlatform_IsNotAWindowsProcess()
    {
        var ex = OpenFails(CraftedDumps.Minimal(CraftedDumps.Amd64, 0x8101));
        StringAssert.Contains(ex.Message, "a macOS minidump (Breakpad platform id 0x8101), not of a Windows process");
    }

    [TestMethod]
    public void Open_UnknownPlatform_IsNotAWindowsProcess()
    {
        var ex = OpenFails(CraftedDumps.Minimal(CraftedDumps.Amd64, 0x4242));
        StringAssert.EndsWith(ex.Message, ": a minidump of an unknown platform (platform id 0x4242), not of a Windows process");
    }

    [TestMethod]
    public void Open_Arm32WindowsDump_IsUnsupported()
    {
        var ex = OpenFails(CraftedDumps.Minimal(5, CraftedDumps.WindowsNT));
        StringAssert.Contains(ex.Message, "processor architecture ARM (id 0x5) is not supported");
    }

    [TestMethod]
    public void Open_NoModuleList_SaysSo()
    {
        var b = new RawMinidumpBuilder().Stream(7, SystemInfo(CraftedDumps.Amd64, CraftedDumps.WindowsNT));
        StringAssert.EndsWith(OpenFails(b.Build()).Message, ": no module-list stream");
    }

    [TestMethod]
    public void Open_NoSystemInfo_SaysSo()
    {
        var b = new RawMinidumpBuilder().Stream(4, List(0));
        StringAssert.EndsWith(OpenFails(b.Build()).Message, ": no system-info stream");
    }

    [TestMethod]
    public void Open_MalformedModuleList_WrapsTheFormatException()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(7, SystemInfo(CraftedDumps.Amd64, CraftedDumps.WindowsNT));
        b.Stream(4, List(3, Module(0x10000, 0x1000, 0)));

        var ex = OpenFails(b.Build());

        StringAssert.Contains(ex.Message, "crafted.dmp: module list claims 3 entries of 108 bytes but its stream holds only 112 bytes");
        Assert.IsInstanceOfType<Minidump.MinidumpFormatException>(ex.InnerException);
    }

    [TestMethod]
    public void Open_TextFile_IsNotAMinidump()
    {
        var ex = OpenFails("this is not a dump, just text\n"u8.ToArray());
        StringAssert.Contains(ex.Message, "not a minidump");
    }

    [TestMethod]
    public void Open_EmptyFile_IsNotAMinidump() =>
        StringAssert.Contains(OpenFails([]).Message, "not a minidump: the file has 0 bytes");

    [TestMethod]
    public void Open_MissingFile_SaysNoSuchFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "wrldbgext-no-such-" + Guid.NewGuid().ToString("N") + ".dmp");
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(path));
        Assert.AreEqual(path + ": no such file", ex.Message);
        Assert.AreEqual(path, ex.DumpPath);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("bad\0name.dmp")]
    public void Open_UnusablePath_SaysSo(string path)
    {
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(path));
        StringAssert.EndsWith(ex.Message, ": not a usable file path");
        Assert.IsFalse(ex.Message.Any(char.IsControl), ex.Message);
    }

    [TestMethod]
    public void Open_Directory_SaysSo()
    {
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(Path.GetTempPath()));
        StringAssert.EndsWith(ex.Message, "is a directory, not a dump file");
    }

    [TestMethod]
    public void Open_PathWithControlCharacters_GivesOnePrintableLine()
    {
        using var file = new TempDumpFile([1, 2, 3], "evil\n\u001b[31mname.dmp");
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(file.Path));

        Assert.IsFalse(ex.Message.Any(char.IsControl), ex.Message);
        StringAssert.Contains(ex.Message, @"evil\x0A\x1B[31mname.dmp: not a minidump");
    }

    [TestMethod]
    public void Open_RandomlyCorruptedDumps_OnlyEverRaiseDumpOpenException()
    {
        var original = CraftedDumps.Complete();
        var random = new Random(77);
        int opened = 0, refused = 0;
        for (int round = 0; round < 150; round++)
        {
            var bytes = (byte[])original.Clone();
            for (int i = random.Next(1, 4); i > 0; i--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            using var file = new TempDumpFile(bytes);
            try
            {
                using var target = MinidumpTarget.Open(file.Path);
                target.Read(CraftedDumps.StackStart, new byte[64]);
                target.Read(CraftedDumps.HighMemory, new byte[64]);
                opened++;
            }
            catch (DumpOpenException ex)
            {
                Assert.IsFalse(ex.Message.Contains('\n'), ex.Message);
                refused++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"round {round}: {ex.GetType().Name} escaped: {ex.Message}");
            }
        }
        Assert.IsGreaterThan(0, opened);
        Assert.IsGreaterThan(0, refused);
    }

    private static DumpOpenException OpenFails(byte[] bytes)
    {
        using var file = new TempDumpFile(bytes);
        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(file.Path));
        Assert.IsFalse(ex.Message.Contains('\n'), ex.Message);
        StringAssert.StartsWith(ex.Message, file.Path + ": ");
        return ex;
    }
}
