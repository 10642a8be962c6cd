using System.Buffers.Binary;
using WrlDbgExt.Dumps.Minidump;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>
/// A damaged side record costs only itself: the dump opens (our parse and ClrMD), the damage is one
/// warning line, and everything else reads as <see cref="CraftedDumps.Complete"/> wrote it. Each test
/// patches the bytes of that dump at offsets it finds through the dump's own directory.
/// </summary>
[TestClass]
public sealed class DamagedSideRecordTests
{
    private const uint SystemInfoStream = 7, ModuleListStream = 4, ThreadListStream = 3, ThreadNameStream = 24,
        ExceptionStream = 6, MiscInfoStream = 15;

    private const int ModuleEntrySize = 108;

    [TestMethod]
    public void CsdStringBeyondTheFile_IsAWarning()
    {
        var bytes = CraftedDumps.Complete();
        uint bad = (uint)bytes.Length + 0x1000;
        PutU32(bytes, Stream(bytes, SystemInfoStream).Rva + 24, bad);

        var file = OpensWith(bytes,
            $"system-info CSD version (service-pack) string at RVA 0x{bad:X} lies beyond the end of the file ({bytes.Length} bytes); the service pack is unknown");

        Assert.IsNull(file.SystemInfo!.CsdVersion);
        Assert.AreEqual("6.1.7601", file.SystemInfo.Version);
        Assert.AreEqual("x64", file.SystemInfo.ProcessorArchitectureName);
        AssertModulesIntact(file);
    }

    [TestMethod]
    public void CodeViewRecordBeyondTheFile_CostsThatModulesPdbOnly()
    {
        var bytes = CraftedDumps.Complete();
        uint bad = (uint)bytes.Length + 0x100;
        PutU32(bytes, ModuleEntry(bytes, 1) + 80, bad);

        var file = OpensWith(bytes,
            $"module 1 (old.dll): CodeView record at RVA 0x{bad:X} lies beyond the end of the file ({bytes.Length} bytes); its PDB identity is unknown");

        Assert.IsNull(file.Modules![1].Pdb);
        Assert.AreEqual(@"C:\Windows\System32\old.dll", file.Modules[1].Name);
        Assert.AreEqual(0x7700_0000UL, file.Modules[1].BaseOfImage);
        Assert.AreEqual(CraftedDumps.AppGuid, file.Modules[0].Pdb!.Guid, "the other module keeps its identity");
        AssertThreadsAndExceptionIntact(file);
    }

    [TestMethod]
    public void CodeViewRecordSizeRunningPastTheFile_IsAWarning()
    {
        var bytes = CraftedDumps.Complete();
        uint cvRva = U32(bytes, ModuleEntry(bytes, 0) + 80);
        PutU32(bytes, ModuleEntry(bytes, 0) + 76, 0xFFFF_FF00);

        var file = OpensWith(bytes,
            $"module 0 (app.exe): CodeView record at RVA 0x{cvRva:X} (4294967040 bytes) runs past the end of the file ({bytes.Length} bytes); its PDB identity is unknown");

        Assert.IsNull(file.Modules![0].Pdb);
        Assert.AreEqual(new Version(10, 0, 19041, 1806), file.Modules[0].FileVersion, "the version block is separate");
        Assert.AreEqual("NB10", file.Modules[1].Pdb!.Format);
    }

    [TestMethod]
    public void MalformedRsdsRecord_IsAWarning()
    {
        var bytes = CraftedDumps.Complete();
        uint cvRva = U32(bytes, ModuleEntry(bytes, 0) + 80);
        PutU32(bytes, ModuleEntry(bytes, 0) + 76, 10); // 'RSDS' and 6 bytes of its GUID

        var file = OpensWith(bytes,
            $"module 0 (app.exe): CodeView record at RVA 0x{cvRva:X} (RSDS) is 10 bytes, fewer than the 24 it needs; its PDB identity is unknown");

        Assert.IsNull(file.Modules![0].Pdb);
        Assert.AreEqual(@"C:\app\app.exe", file.Modules[0].Name);
    }

    [TestMethod]
    public void CodeViewRecordTooSmallForASignature_IsAWarning()
    {
        var bytes = CraftedDumps.Complete();
        uint cvRva = U32(bytes, ModuleEntry(bytes, 1) + 80);
        PutU32(bytes, ModuleEntry(bytes, 1) + 76, 3);

        var file = OpensWith(bytes,
            $"module 1 (old.dll): CodeView record at RVA 0x{cvRva:X} is 3 bytes, too small for a signature; its PDB identity is unknown");

        Assert.IsNull(file.Modules![1].Pdb);
    }

    [TestMethod]
    public void ModuleNameBeyondTheFile_ListsTheModuleWithoutAName()
    {
        var bytes = CraftedDumps.Complete();
        PutU32(bytes, ModuleEntry(bytes, 1) + 20, 0xFFFF_FF00);

        var file = OpensWith(bytes,
            $"module 1: name at RVA 0xFFFFFF00 lies beyond the end of the file ({bytes.Length} bytes); the module is listed without a name");

        var old = file.Modules![1];
        Assert.AreEqual("", old.Name);
        Assert.AreEqual(0x7700_0000UL, old.BaseOfImage);
        Assert.AreEqual(0x1000U, old.SizeOfImage);
        Assert.AreEqual(0x3A2B1C0DU, old.Pdb!.Signature, "its CodeView record is still read");
        Assert.AreEqual(@"C:\app\app.exe", file.Modules[0].Name);
    }

    [TestMethod]
    public void ModuleNameWithHugeLength_IsAWarning()
    {
        var bytes = CraftedDumps.Complete();
        uint nameRva = U32(bytes, ModuleEntry(bytes, 0) + 20);
        PutU32(bytes, nameRva, 0xFFFF_FFF0);

        var file = OpensWith(bytes,
            $"module 0: name at RVA 0x{nameRva:X} claims 4294967280 bytes, longer than any Windows path or name; the module is listed without a name");

        Assert.AreEqual("", file.Modules![0].Name);
        Assert.AreEqual(CraftedDumps.AppBase, file.Modules[0].BaseOfImage);
        Assert.AreEqual(@"C:\Windows\System32\old.dll", file.Modules[1].Name);
    }

    [TestMethod]
    public void DamagedVersionBlock_IsAWarning()
    {
        var bytes = CraftedDumps.Complete();
        PutU32(bytes, ModuleEntry(bytes, 0) + 24, 0x1234_5678); // VS_FIXEDFILEINFO.dwSignature

        var file = OpensWith(bytes,
            "module 0 (app.exe): version information has signature 0x12345678, not 0xFEEF04BD; its version is unknown");

        Assert.IsNull(file.Modules![0].FileVersion);
        Assert.IsNull(file.Modules[0].ProductVersion);
        Assert.AreEqual(CraftedDumps.AppGuid, file.Modules[0].Pdb!.Guid);
    }

    [TestMethod]
    public void ExceptionWithMoreThan15Parameters_KeepsTheFirst15()
    {
        var bytes = CraftedDumps.Complete();
        uint exception = Stream(bytes, ExceptionStream).Rva;
        PutU32(bytes, exception + 32, 16);
        for (int i = 2; i < 15; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)exception + 40 + 8 * i), 0x100UL + (ulong)i);

        var file = OpensWith(bytes,
            "exception stream claims 16 exception parameters, more than the 15 it can hold; the first 15 are shown");

        var e = file.Exception!;
        Assert.AreEqual(0xC0000005U, e.Code);
        Assert.AreEqual(CraftedDumps.AppBase + 0x10, e.Address);
        Assert.AreEqual(0x1111U, e.ThreadId);
        CollectionAssert.AreEqual(
            new ulong[] { 1, 0x45 }.Concat(Enumerable.Range(2, 13).Select(i => 0x100UL + (ulong)i)).ToArray(),
            e.Parameters.ToArray());
    }

    [TestMethod]
    public void ExceptionStreamTooShort_LeavesTheExceptionUnknown()
    {
        var bytes = CraftedDumps.Complete();
        PutU32(bytes, DirectoryEntry(bytes, ExceptionStream) + 4, 100);

        var file = OpensWith(bytes, "exception stream is 100 bytes, fewer than the 168 it needs; the exception record is unknown");

        Assert.IsNull(file.Exception);
        Assert.AreEqual(2, file.Threads!.Count);
        AssertModulesIntact(file);
    }

    [TestMethod]
    public void ThreadListWithHugeCount_LeavesTheThreadsUnknown()
    {
        var bytes = CraftedDumps.Complete();
        PutU32(bytes, Stream(bytes, ThreadListStream).Rva, 0x7FFF_FFFF);

        var file = OpensWith(bytes,
            "thread list claims 2147483647 entries of 48 bytes but its stream holds only 100 bytes; the threads are unknown");

        Assert.IsNull(file.Threads);
        Assert.AreEqual(0x1111U, file.Exception!.ThreadId);
        AssertModulesIntact(file);
        using var dump = new TempDumpFile(bytes);
        using var target = MinidumpTarget.Open(dump.Path);
        Assert.AreEqual(0, target.Threads.Count);
        Assert.AreEqual(0, target.Summary.ThreadCount);
    }

    [TestMethod]
    public void ThreadNameBeyondTheFile_LeavesThatThreadUnnamed()
    {
        var bytes = CraftedDumps.Complete();
        uint entry = Stream(bytes, ThreadNameStream).Rva + 4;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)entry + 4), 0x1_0000_0010);

        var file = OpensWith(bytes,
            $"thread-name entry 0 (thread 0x1111): name at RVA 0x100000010 lies beyond the end of the file ({bytes.Length} bytes); the thread is listed without a name");

        Assert.AreEqual(0, file.ThreadNames!.Count);
        using var dump = new TempDumpFile(bytes);
        using var target = MinidumpTarget.Open(dump.Path);
        Assert.AreEqual(2, target.Threads.Count);
        Assert.IsNull(target.Threads[0].Name);
        Assert.AreEqual(CraftedDumps.StackStart, target.Threads[0].StackStart);
    }

    [TestMethod]
    public void MiscInfoTooShort_LeavesTheProcessIdUnknown()
    {
        var bytes = CraftedDumps.Complete();
        PutU32(bytes, DirectoryEntry(bytes, MiscInfoStream) + 4, 8);

        var file = OpensWith(bytes, "misc-info stream is 8 bytes, fewer than the 12 it needs; the process id is unknown");

        Assert.IsNull(file.MiscInfo);
        using var dump = new TempDumpFile(bytes);
        using var target = MinidumpTarget.Open(dump.Path);
        Assert.IsNull(target.Summary.ProcessId);
        Assert.AreEqual(ExceptionCodes.AccessViolation, target.Summary.Exception!.Code);
    }

    [TestMethod]
    public void SeveralDamagedRecords_GiveOneWarningEachInReadingOrder()
    {
        var bytes = CraftedDumps.Complete();
        PutU32(bytes, ModuleEntry(bytes, 1) + 80, 0xFFFF_0000);
        PutU32(bytes, Stream(bytes, ExceptionStream).Rva + 32, 99);
        PutU32(bytes, DirectoryEntry(bytes, MiscInfoStream) + 4, 4);

        var file = MinidumpFile.Parse(bytes);

        Assert.HasCount(3, file.Warnings);
        StringAssert.StartsWith(file.Warnings[0], "module 1 (old.dll): CodeView record at RVA 0xFFFF0000");
        StringAssert.StartsWith(file.Warnings[1], "exception stream claims 99 exception parameters");
        StringAssert.StartsWith(file.Warnings[2], "misc-info stream is 4 bytes");
    }

    [TestMethod]
    public void ControlCharactersInADamagedModulesName_StayOnOneLine()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("C:\\evil\nname\u001b[31m.dll");
        b.Stream(SystemInfoStream, RawMinidumpBuilder.SystemInfo(CraftedDumps.Amd64, CraftedDumps.WindowsNT));
        b.Stream(ModuleListStream, RawMinidumpBuilder.List(1, RawMinidumpBuilder.Module(0x10000, 0x1000, name, cvSize: 40, cvRva: 0x00F0_0000)));

        var file = MinidumpFile.Parse(b.Build());

        Assert.HasCount(1, file.Warnings);
        Assert.IsFalse(file.Warnings[0].Any(char.IsControl), file.Warnings[0]);
        StringAssert.StartsWith(file.Warnings[0], @"module 0 (evil\x0Aname\x1B[31m.dll): CodeView record at RVA 0xF00000");
    }

    [TestMethod]
    public void SoundCraftedDump_HasNoWarnings()
    {
        Assert.IsEmpty(MinidumpFile.Parse(CraftedDumps.Complete()).Warnings);
    }

    /// <summary>Parses the bytes and opens them as a target: both must succeed with exactly this warning.</summary>
    private static MinidumpFile OpensWith(byte[] bytes, string warning)
    {
        var file = MinidumpFile.Parse(bytes);
        CollectionAssert.AreEqual(new[] { warning }, file.Warnings.ToArray());

        using var dump = new TempDumpFile(bytes);
        using var target = MinidumpTarget.Open(dump.Path);
        CollectionAssert.AreEqual(new[] { warning }, target.Warnings.ToArray());
        var stack = new byte[32];
        Assert.AreEqual(32, target.Read(CraftedDumps.StackStart, stack), "memory is still readable");
        CollectionAssert.AreEqual(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray(), stack);
        Assert.AreEqual(2, target.Modules.Count);
        return file;
    }

    private static void AssertModulesIntact(MinidumpFile file)
    {
        var modules = file.Modules!;
        Assert.HasCount(2, modules);
        Assert.AreEqual(@"C:\app\app.exe", modules[0].Name);
        Assert.AreEqual(CraftedDumps.AppGuid, modules[0].Pdb!.Guid);
        Assert.AreEqual(new Version(10, 0, 19041, 1806), modules[0].FileVersion);
        Assert.AreEqual("old.pdb", modules[1].Pdb!.Path);
    }

    private static void AssertThreadsAndExceptionIntact(MinidumpFile file)
    {
        Assert.AreEqual(2, file.Threads!.Count);
        Assert.AreEqual("worker", file.ThreadNames![0].Name);
        Assert.AreEqual(0xC0000005U, file.Exception!.Code);
        Assert.AreEqual(4242U, file.MiscInfo!.ProcessId);
    }

    private static uint U32(byte[] b, uint offset) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)offset));

    private static void PutU32(byte[] b, uint offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)offset), value);

    /// <summary>Offset of the directory entry {type, size, rva} of the first stream of that type.</summary>
    private static uint DirectoryEntry(byte[] b, uint type)
    {
        uint count = U32(b, 8), directory = U32(b, 12);
        for (uint i = 0; i < count; i++)
        {
            if (U32(b, directory + i * 12) == type)
                return directory + i * 12;
        }
        throw new AssertFailedException($"stream {type} is not in the crafted dump");
    }

    private static (uint Rva, uint Size) Stream(byte[] b, uint type)
    {
        uint entry = DirectoryEntry(b, type);
        return (U32(b, entry + 8), U32(b, entry + 4));
    }

    private static uint ModuleEntry(byte[] b, int index) => Stream(b, ModuleListStream).Rva + 4 + (uint)(index * ModuleEntrySize);
}
