using WrlDbgExt.Dumps.Minidump;
using static WrlDbgExt.Dumps.Tests.RawMinidumpBuilder;

namespace WrlDbgExt.Dumps.Tests;

[TestClass]
public sealed class MinidumpFileTests
{
    [TestMethod]
    public void Parse_CraftedDump_ReadsHeaderAndSystemInfo()
    {
        var file = MinidumpFile.Parse(CraftedDumps.Complete());

        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_600_000_100), file.Header.Timestamp);
        Assert.AreEqual(0x120UL, file.Header.Flags);
        Assert.AreEqual(7U, file.Header.NumberOfStreams);
        var system = file.SystemInfo!;
        Assert.AreEqual("x64", system.ProcessorArchitectureName);
        Assert.AreEqual("Windows NT", system.PlatformName);
        Assert.AreEqual("6.1.7601", system.Version);
        Assert.AreEqual("Service Pack 9", system.CsdVersion);
        Assert.AreEqual("workstation", system.ProductTypeName);
        Assert.AreEqual((byte)4, system.NumberOfProcessors);
    }

    [TestMethod]
    [DataRow(WrlDbgExt.Core.Targets.TargetArchitecture.X64, 0x0000_0012_3450_1f80UL)]
    [DataRow(WrlDbgExt.Core.Targets.TargetArchitecture.X86, 0x0062_fb20UL)]
    public void Parse_ThreadContext_GivesTheStackPointer(WrlDbgExt.Core.Targets.TargetArchitecture arch, ulong sp)
    {
        // The writer fills CONTEXT from the tests' own winnt.h table (TestSupport/Minidumps/ContextLayout.cs).
        ulong stack = sp - 0x80;
        var dump = new WrlDbgExt.TestSupport.Minidumps.MinidumpWriter(arch)
            .AddThread(7, 0, stack, new byte[0x100], instructionPointer: 0x1000, stackPointer: sp)
            .AddThread(8, 0, stack + 0x1000, new byte[0x10])
            .Build();
        var threads = MinidumpFile.Parse(dump).Threads!;
        Assert.AreEqual(sp, threads[0].StackPointer);
        Assert.AreEqual(stack + 0x1000, threads[1].StackPointer, "the writer's default stack pointer is the stack's start");
    }

    [TestMethod]
    public void Parse_CraftedDump_ReadsModulesWithVersionAndPdbIdentity()
    {
        var modules = MinidumpFile.Parse(CraftedDumps.Complete()).Modules!;

        Assert.AreEqual(2, modules.Count);
        var app = modules[0];
        Assert.AreEqual(@"C:\app\app.exe", app.Name);
        Assert.AreEqual(CraftedDumps.AppBase, app.BaseOfImage);
        Assert.AreEqual(0x2000U, app.SizeOfImage);
        Assert.AreEqual(0x12345678U, app.TimeDateStamp);
        Assert.AreEqual(new Version(10, 0, 19041, 1806), app.FileVersion);
        Assert.AreEqual("RSDS", app.Pdb!.Format);
        Assert.AreEqual(CraftedDumps.AppGuid, app.Pdb.Guid);
        Assert.AreEqual(3U, app.Pdb.Age);
        Assert.AreEqual(@"C:\build\app.pdb", app.Pdb.Path);
        Assert.AreEqual("app.pdb/497B72F6390A44FC878E5A2D63B6CC4B3/app.pdb", app.Pdb.SymbolStoreKey);

        var old = modules[1];
        Assert.IsNull(old.FileVersion, "no VS_FIXEDFILEINFO signature means no version");
        Assert.AreEqual("NB10", old.Pdb!.Format);
        Assert.AreEqual(0x3A2B1C0DU, old.Pdb.Signature);
        Assert.AreEqual(2U, old.Pdb.Age);
        Assert.AreEqual("old.pdb", old.Pdb.Path);
    }

    [TestMethod]
    public void Parse_CraftedDump_ReadsThreadsNamesExceptionAndMiscInfo()
    {
        var file = MinidumpFile.Parse(CraftedDumps.Complete());

        Assert.AreEqual(2, file.Threads!.Count);
        Assert.AreEqual(0x1111U, file.Threads[0].ThreadId);
        Assert.AreEqual(0x7FFDE000UL, file.Threads[0].Teb);
        Assert.AreEqual(CraftedDumps.StackStart, file.Threads[0].StackStart);
        Assert.AreEqual(32U, file.Threads[0].StackSize);
        Assert.AreEqual(1, file.ThreadNames!.Count);
        Assert.AreEqual("worker", file.ThreadNames[0].Name);

        var exception = file.Exception!;
        Assert.AreEqual(0x1111U, exception.ThreadId);
        Assert.AreEqual(0xC0000005U, exception.Code);
        Assert.AreEqual(1U, exception.Flags);
        Assert.AreEqual(CraftedDumps.AppBase + 0x10, exception.Address);
        CollectionAssert.AreEqual(new ulong[] { 1, 0x45 }, exception.Parameters.ToArray());

        Assert.AreEqual(4242U, file.MiscInfo!.ProcessId);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(1_600_000_000), file.MiscInfo.ProcessCreateTime);
    }

    [TestMethod]
    public void Parse_MiscInfoWithoutProcessIdFlag_HasNoProcessId()
    {
        var bytes = CraftedDumps.Minimal(CraftedDumps.Amd64, CraftedDumps.WindowsNT,
            b => b.Stream(15, MiscInfo(flags: 2, processId: 77, createTime: 5)));

        var misc = MinidumpFile.Parse(bytes).MiscInfo!;

        Assert.IsNull(misc.ProcessId);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(5), misc.ProcessCreateTime);
    }

    [TestMethod]
    public void Parse_ListCountPaddedTo8Bytes_IsAccepted()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("a.dll");
        b.Stream(7, SystemInfo(CraftedDumps.Amd64, CraftedDumps.WindowsNT));
        b.Stream(4, [.. U32(1), .. U32(0xCCCCCCCC), .. Module(0x10000, 0x1000, name)]);

        var modules = MinidumpFile.Parse(b.Build()).Modules!;

        Assert.AreEqual(1, modules.Count);
        Assert.AreEqual("a.dll", modules[0].Name);
        Assert.AreEqual(0x10000UL, modules[0].BaseOfImage);
    }

    [TestMethod]
    public void Parse_UnknownCodeViewSignature_GivesNoPdbIdentity()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("a.dll");
        uint cv = b.Add([.. "NB11"u8, 0, 0, 0, 0, 0, 0, 0, 0]);
        b.Stream(7, SystemInfo(CraftedDumps.Amd64, CraftedDumps.WindowsNT));
        b.Stream(4, List(1, Module(0x10000, 0x1000, name, 12, cv)));

        Assert.IsNull(MinidumpFile.Parse(b.Build()).Modules![0].Pdb);
    }

    [TestMethod]
    public void Parse_NoSystemInfoOrModuleList_ReportsThemAbsent()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(3, List(0));

        var file = MinidumpFile.Parse(b.Build());

        Assert.IsNull(file.SystemInfo);
        Assert.IsNull(file.Modules);
        Assert.AreEqual(0, file.Threads!.Count);
    }

    [TestMethod]
    public void PlatformNames_NameBreakpadPlatforms()
    {
        Assert.AreEqual("Linux", MinidumpPlatform.PlatformName(0x8201));
        Assert.AreEqual("macOS", MinidumpPlatform.PlatformName(0x8101));
        Assert.AreEqual("Android", MinidumpPlatform.PlatformName(0x8203));
        Assert.AreEqual("unknown", MinidumpPlatform.PlatformName(0x1234));
        Assert.IsTrue(MinidumpPlatform.IsWindows(2));
        Assert.IsFalse(MinidumpPlatform.IsWindows(0x8201));
        Assert.AreEqual("ARM64", MinidumpPlatform.ArchitectureName(12));
        Assert.AreEqual("ARM", MinidumpPlatform.ArchitectureName(5));
        Assert.AreEqual("unknown", MinidumpPlatform.ArchitectureName(0x9B09));
    }
}
