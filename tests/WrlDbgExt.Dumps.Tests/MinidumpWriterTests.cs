using System.Buffers.Binary;
using System.Text;
using Microsoft.Diagnostics.Runtime;
using Microsoft.Diagnostics.Runtime.DataReaders.Implementation;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;
using ClrArchitecture = System.Runtime.InteropServices.Architecture;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>
/// The test minidump writer against ClrMD (the reader our tools use) and against the documented byte layout.
/// </summary>
[TestClass]
public sealed class MinidumpWriterTests
{
    private static readonly Guid CombaseGuid = new("497b72f6-390a-44fc-878e-5a2d63b6cc4b");
    private static readonly Version CombaseVersion = new(10, 0, 19041, 3636);

    /// <summary>A fixed scene per architecture: two modules, two memory regions with a gap, two threads.</summary>
    private sealed record Scene(
        TargetArchitecture Arch, ulong CombaseBase, ulong ExeBase, ulong RegionA, ulong RegionB,
        ulong Teb1, ulong Stack1, ulong Ip1, ulong Teb2, ulong Stack2);

    private static readonly Scene X64 = new(TargetArchitecture.X64,
        0x7FF8_1000_0000, 0x7FF6_4000_0000, 0x0000_01D0_1000_0000, 0x0000_01D0_1000_2000,
        0x0000_00A1_2345_6000, 0x0000_00A1_2340_0000, 0x7FF8_1000_1234, 0x0000_00A1_2345_8000, 0x0000_00A1_2350_0000);

    private static readonly Scene X86 = new(TargetArchitecture.X86,
        0x7510_0000, 0x0040_0000, 0x0200_0000, 0x0200_2000,
        0x7FFD_E000, 0x0018_F000, 0x7510_1234, 0x7FFD_B000, 0x0028_F000);

    private static readonly Scene Arm64 = X64 with { Arch = TargetArchitecture.Arm64 };

    private static Scene SceneFor(TargetArchitecture arch) => arch switch
    {
        TargetArchitecture.X86 => X86,
        TargetArchitecture.X64 => X64,
        _ => Arm64,
    };

    private static byte[] Pattern(int length, int seed) =>
        Enumerable.Range(0, length).Select(i => (byte)(i * 7 + seed)).ToArray();

    private static MinidumpWriter Write(Scene s) => new MinidumpWriter(s.Arch)
        .SetSystem(10, 0, 19045, csd: "Service Pack 1", processors: 4)
        .AddModule(@"C:\Windows\System32\combase.dll", s.CombaseBase, 0x2A_0000, 0x5F3E_1234, CombaseVersion,
            CombaseGuid, 3, "combase.pdb")
        .AddModule(@"C:\app\WrlTarget.exe", s.ExeBase, 0x5000, 0x6000_0001, null, null)
        .AddMemory(s.RegionB, Pattern(0x1000, 3)) // out of order on purpose: the writer sorts
        .AddMemory(s.RegionA, Pattern(0x40, 1))
        .AddThread(0x1234, s.Teb1, s.Stack1, Pattern(0x100, 5), instructionPointer: s.Ip1, stackPointer: s.Stack1 + 0x80)
        .AddThread(0x0ABC, s.Teb2, s.Stack2, Pattern(0x20, 9))
        .SetException(0x1234, 0xC0000005, s.Ip1, 1, s.RegionA + 0x10)
        .SetProcessId(4242)
        .SetTimestamp(new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero));

    /// <summary>Writes the dump to a temp file, opens it with ClrMD, and deletes the file afterwards.</summary>
    private static void WithClrMd(byte[] dump, Action<DataTarget> check)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mdw-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, dump);
        try
        {
            using var target = DataTarget.LoadDump(path);
            check(target);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static uint U32(byte[] b, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)offset));

    private static ulong U64(byte[] b, long offset) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)offset));

    /// <summary>Finds a stream through the header's directory: {u32 type, u32 size, u32 rva} entries.</summary>
    private static (uint Rva, uint Size) Stream(byte[] dump, uint type)
    {
        uint count = U32(dump, 8), directory = U32(dump, 12);
        for (var i = 0u; i < count; i++)
        {
            var entry = directory + i * 12;
            if (U32(dump, entry) == type) return (U32(dump, entry + 8), U32(dump, entry + 4));
        }
        Assert.Fail($"stream {type} not in the directory");
        return default;
    }

    private static uint ModuleOffset(byte[] dump, int index) => Stream(dump, MinidumpWriter.StreamTypes.ModuleList).Rva + 4 + (uint)index * 108;

    [TestMethod]
    [DataRow(TargetArchitecture.X86, ClrArchitecture.X86, 4)]
    [DataRow(TargetArchitecture.X64, ClrArchitecture.X64, 8)]
    [DataRow(TargetArchitecture.Arm64, ClrArchitecture.Arm64, 8)]
    public void ClrMd_ReportsArchitectureAndPointerSize(TargetArchitecture arch, ClrArchitecture expected, int pointerSize)
    {
        WithClrMd(Write(SceneFor(arch)).Build(), target =>
        {
            Assert.AreEqual(expected, target.DataReader.Architecture);
            Assert.AreEqual(pointerSize, target.DataReader.PointerSize);
            Assert.AreEqual(4242, target.DataReader.ProcessId);
        });
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void ClrMd_EnumeratesModulesWithNamesBasesAndSizes(TargetArchitecture arch)
    {
        var s = SceneFor(arch);
        WithClrMd(Write(s).Build(), target =>
        {
            // ClrMD keeps the module-list order, which is the order of the AddModule calls.
            var modules = target.DataReader.EnumerateModules().ToList();
            Assert.HasCount(2, modules);
            Assert.AreEqual(@"C:\Windows\System32\combase.dll", modules[0].FileName);
            Assert.AreEqual(s.CombaseBase, modules[0].ImageBase);
            Assert.AreEqual(0x2A_0000L, modules[0].ImageSize);
            Assert.AreEqual(0x5F3E_1234, modules[0].IndexTimeStamp);
            Assert.AreEqual(@"C:\app\WrlTarget.exe", modules[1].FileName);
            Assert.AreEqual(s.ExeBase, modules[1].ImageBase);
            Assert.AreEqual(0x5000, modules[1].IndexFileSize);
        });
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void ClrMd_ReadsRegionsExactlyAndStopsAtTheirEnds(TargetArchitecture arch)
    {
        var s = SceneFor(arch);
        WithClrMd(Write(s).Build(), target =>
        {
            var reader = target.DataReader;
            foreach (var (address, expected) in new[] { (s.RegionA, Pattern(0x40, 1)), (s.RegionB, Pattern(0x1000, 3)) })
            {
                var buffer = new byte[expected.Length];
                Assert.AreEqual(expected.Length, reader.Read(address, buffer));
                CollectionAssert.AreEqual(expected, buffer);
            }

            var straddle = new byte[16];
            Assert.AreEqual(4, reader.Read(s.RegionA + 0x40 - 4, straddle), "only the in-region bytes");
            CollectionAssert.AreEqual(Pattern(0x40, 1)[^4..], straddle[..4]);
            Assert.AreEqual(0, reader.Read(s.RegionA + 0x1000, new byte[8]), "gap between A and B");
            Assert.AreEqual(0, reader.Read(s.RegionB + 0x1000, new byte[8]), "past the last region");
        });
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void ClrMd_EnumeratesThreadsWithTebsContextsAndStacks(TargetArchitecture arch)
    {
        var s = SceneFor(arch);
        WithClrMd(Write(s).Build(), target =>
        {
            var threads = (IThreadReader)target.DataReader;
            CollectionAssert.AreEqual(new uint[] { 0x1234, 0x0ABC }, threads.EnumerateOSThreadIds().ToArray());
            Assert.AreEqual(s.Teb1, threads.GetThreadTeb(0x1234));
            Assert.AreEqual(s.Teb2, threads.GetThreadTeb(0x0ABC));

            // CONTEXT: x86 Eip @0xB8, Esp @0xC4 (0x2CC bytes); x64 Rip @0xF8, Rsp @0x98 (0x4D0 bytes).
            var x86 = arch == TargetArchitecture.X86;
            var context = new byte[x86 ? 0x2CC : 0x4D0];
            Assert.IsTrue(target.DataReader.GetThreadContext(0x1234, 0, context));
            Assert.AreEqual(x86 ? 0x0001_0003u : 0x0010_0003u, U32(context, x86 ? 0 : 0x30), "ContextFlags");
            Assert.AreEqual(s.Ip1, x86 ? U32(context, 0xB8) : U64(context, 0xF8));
            Assert.AreEqual(s.Stack1 + 0x80, x86 ? U32(context, 0xC4) : U64(context, 0x98));

            var stack = new byte[0x100];
            Assert.AreEqual(0x100, target.DataReader.Read(s.Stack1, stack));
            CollectionAssert.AreEqual(Pattern(0x100, 5), stack);
        });
    }

    [TestMethod]
    public void ClrMd_ProcessIdIsMinusOneWithoutMiscInfo()
    {
        var dump = new MinidumpWriter(TargetArchitecture.X64).AddModule(@"C:\a.dll", 0x1000_0000, 0x1000).Build();
        WithClrMd(dump, target => Assert.AreEqual(-1, target.DataReader.ProcessId));
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void Raw_HeaderAndDirectory(TargetArchitecture arch)
    {
        var dump = Write(SceneFor(arch)).Build();
        Assert.AreEqual(0x504D444Du, U32(dump, 0), "'MDMP'");
        Assert.AreEqual(0xA793u, U32(dump, 4) & 0xFFFF);
        Assert.AreEqual(32u, U32(dump, 12), "directory right after the header");
        Assert.AreEqual((uint)new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).ToUnixTimeSeconds(), U32(dump, 20));

        var memoryType = arch == TargetArchitecture.X86 ? MinidumpWriter.StreamTypes.MemoryList : MinidumpWriter.StreamTypes.Memory64List;
        var types = Enumerable.Range(0, (int)U32(dump, 8)).Select(i => U32(dump, 32 + i * 12)).Order().ToArray();
        CollectionAssert.AreEqual(new[] { 3u, 4u, 6u, 7u, 15u, memoryType }.Order().ToArray(), types);
        foreach (var type in types) Assert.AreEqual(0u, Stream(dump, type).Rva % 4, $"stream {type} aligned");
        Assert.AreEqual(56u, Stream(dump, MinidumpWriter.StreamTypes.SystemInfo).Size);
        Assert.AreEqual(24u, Stream(dump, MinidumpWriter.StreamTypes.MiscInfo).Size);
        Assert.AreEqual(168u, Stream(dump, MinidumpWriter.StreamTypes.Exception).Size);
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86, 0)]
    [DataRow(TargetArchitecture.X64, 9)]
    [DataRow(TargetArchitecture.Arm64, 12)]
    public void Raw_SystemInfo(TargetArchitecture arch, int processorArchitecture)
    {
        var dump = Write(SceneFor(arch)).Build();
        var rva = Stream(dump, MinidumpWriter.StreamTypes.SystemInfo).Rva;
        Assert.AreEqual((ushort)processorArchitecture, BinaryPrimitives.ReadUInt16LittleEndian(dump.AsSpan((int)rva)));
        Assert.AreEqual(4, dump[rva + 6], "NumberOfProcessors");
        Assert.AreEqual(1, dump[rva + 7], "ProductType");
        Assert.AreEqual(10u, U32(dump, rva + 8));
        Assert.AreEqual(19045u, U32(dump, rva + 16));
        Assert.AreEqual(2u, U32(dump, rva + 20), "VER_PLATFORM_WIN32_NT");
        var csd = U32(dump, rva + 24);
        Assert.AreEqual((uint)"Service Pack 1".Length * 2, U32(dump, csd));
        Assert.AreEqual("Service Pack 1", Encoding.Unicode.GetString(dump, (int)csd + 4, (int)U32(dump, csd)));
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void Raw_ModuleCarriesRsdsRecordNameAndFixedFileInfo(TargetArchitecture arch)
    {
        var dump = Write(SceneFor(arch)).Build();
        var module = ModuleOffset(dump, 0);

        var name = U32(dump, module + 20);
        Assert.AreEqual(@"C:\Windows\System32\combase.dll", Encoding.Unicode.GetString(dump, (int)name + 4, (int)U32(dump, name)));

        Assert.AreEqual(0xFEEF04BDu, U32(dump, module + 24), "VS_FIXEDFILEINFO.dwSignature");
        Assert.AreEqual(0x0001_0000u, U32(dump, module + 28), "dwStrucVersion");
        Assert.AreEqual((10u << 16) | 0, U32(dump, module + 32), "FileVersionMS");
        Assert.AreEqual((19041u << 16) | 3636, U32(dump, module + 36), "FileVersionLS");

        uint cvSize = U32(dump, module + 76), cvRva = U32(dump, module + 80);
        Assert.AreEqual(24u + (uint)"combase.pdb".Length + 1, cvSize);
        Assert.AreEqual("RSDS", Encoding.ASCII.GetString(dump, (int)cvRva, 4));
        CollectionAssert.AreEqual(CombaseGuid.ToByteArray(), dump[(int)(cvRva + 4)..(int)(cvRva + 20)]);
        Assert.AreEqual(3u, U32(dump, cvRva + 20), "age");
        Assert.AreEqual("combase.pdb\0", Encoding.UTF8.GetString(dump, (int)cvRva + 24, (int)cvSize - 24));
    }

    [TestMethod]
    public void Raw_ModuleWithoutVersionOrPdbHasZeroFixedFileInfoAndNoCvRecord()
    {
        var dump = Write(X64).Build();
        var module = ModuleOffset(dump, 1);
        Assert.IsTrue(dump.AsSpan((int)module + 24, 52).IndexOfAnyExcept((byte)0) < 0, "VS_FIXEDFILEINFO all zero");
        Assert.AreEqual(0ul, U64(dump, module + 76), "CvRecord {0, 0}");
    }

    [TestMethod]
    public void Raw_Nb10Record()
    {
        var dump = new MinidumpWriter(TargetArchitecture.X86)
            .AddModuleNb10(@"C:\old\legacy.dll", 0x1000_0000, 0x8000, 0x3A00_0000, 0x3A00_0001, 7, "legacy.pdb")
            .Build();
        var module = ModuleOffset(dump, 0);
        uint cvSize = U32(dump, module + 76), cvRva = U32(dump, module + 80);
        Assert.AreEqual("NB10", Encoding.ASCII.GetString(dump, (int)cvRva, 4));
        Assert.AreEqual(0u, U32(dump, cvRva + 4), "offset");
        Assert.AreEqual(0x3A00_0001u, U32(dump, cvRva + 8), "signature");
        Assert.AreEqual(7u, U32(dump, cvRva + 12), "age");
        Assert.AreEqual("legacy.pdb\0", Encoding.UTF8.GetString(dump, (int)cvRva + 16, (int)cvSize - 16));
    }

    [TestMethod]
    public void Raw_RsdsPdbPathDefaultsToModuleName()
    {
        var dump = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:\x\Foo.Bar.dll", 0x1000_0000, 0x1000, pdbGuid: CombaseGuid).Build();
        var module = ModuleOffset(dump, 0);
        uint cvSize = U32(dump, module + 76), cvRva = U32(dump, module + 80);
        Assert.AreEqual(1u, U32(dump, cvRva + 20), "default age");
        Assert.AreEqual("Foo.Bar.pdb\0", Encoding.UTF8.GetString(dump, (int)cvRva + 24, (int)cvSize - 24));
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void Raw_ThreadStackDescriptorPointsAtTheStackBytes(TargetArchitecture arch)
    {
        var s = SceneFor(arch);
        var dump = Write(s).Build();
        var thread = Stream(dump, MinidumpWriter.StreamTypes.ThreadList).Rva + 4; // first MINIDUMP_THREAD
        Assert.AreEqual(0x1234u, U32(dump, thread));
        Assert.AreEqual(s.Teb1, U64(dump, thread + 16));
        Assert.AreEqual(s.Stack1, U64(dump, thread + 24));
        Assert.AreEqual(0x100u, U32(dump, thread + 32));
        var stackRva = (int)U32(dump, thread + 36);
        CollectionAssert.AreEqual(Pattern(0x100, 5), dump[stackRva..(stackRva + 0x100)]);
        Assert.AreEqual(arch == TargetArchitecture.X86 ? 0x2CCu : 0x4D0u, U32(dump, thread + 40), "context size");
    }

    [TestMethod]
    public void Raw_Memory64DataIsOneBlockAtTheEndOfTheFile()
    {
        var dump = Write(X64).Build();
        var rva = Stream(dump, MinidumpWriter.StreamTypes.Memory64List).Rva;
        var count = U64(dump, rva);
        Assert.AreEqual(4ul, count, "two regions and two stacks");
        ulong total = 0, previous = 0;
        for (var i = 0u; i < count; i++)
        {
            var start = U64(dump, rva + 16 + i * 16);
            Assert.IsGreaterThan(previous, start, "sorted by address");
            previous = start;
            total += U64(dump, rva + 16 + i * 16 + 8);
        }
        Assert.AreEqual((ulong)dump.Length, U64(dump, rva + 8) + total);
    }

    [TestMethod]
    public void Raw_X86MemoryListDescriptorsPointAtTheirBytes()
    {
        var dump = Write(X86).Build();
        var rva = Stream(dump, MinidumpWriter.StreamTypes.MemoryList).Rva;
        Assert.AreEqual(4u, U32(dump, rva));
        // MINIDUMP_MEMORY_DESCRIPTOR {u64 start, u32 size, u32 rva}; stacks sort in among the regions.
        var regionA = Enumerable.Range(0, 4).Select(i => rva + 4 + (uint)i * 16).Single(d => U64(dump, d) == X86.RegionA);
        Assert.AreEqual(0x40u, U32(dump, regionA + 8));
        var data = (int)U32(dump, regionA + 12);
        CollectionAssert.AreEqual(Pattern(0x40, 1), dump[data..(data + 0x40)]);
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void Raw_ExceptionStream(TargetArchitecture arch)
    {
        var s = SceneFor(arch);
        var dump = Write(s).Build();
        var rva = Stream(dump, MinidumpWriter.StreamTypes.Exception).Rva;
        Assert.AreEqual(0x1234u, U32(dump, rva), "ThreadId");
        Assert.AreEqual(0xC0000005u, U32(dump, rva + 8), "ExceptionCode");
        Assert.AreEqual(s.Ip1, U64(dump, rva + 24), "ExceptionAddress");
        Assert.AreEqual(2u, U32(dump, rva + 32), "NumberParameters");
        Assert.AreEqual(1ul, U64(dump, rva + 40));
        Assert.AreEqual(s.RegionA + 0x10, U64(dump, rva + 48));
        Assert.AreEqual(0ul, U64(dump, rva + 56), "unused parameters are zero");

        uint contextSize = U32(dump, rva + 160), context = U32(dump, rva + 164);
        var x86 = arch == TargetArchitecture.X86;
        Assert.AreEqual(x86 ? 0x2CCu : 0x4D0u, contextSize);
        Assert.AreEqual(s.Ip1, x86 ? U32(dump, context + 0xB8) : U64(dump, context + 0xF8), "fault IP");
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X86)]
    [DataRow(TargetArchitecture.X64)]
    public void Build_IsDeterministic(TargetArchitecture arch)
    {
        var writer = Write(SceneFor(arch));
        var first = writer.Build();
        CollectionAssert.AreEqual(first, writer.Build(), "same writer twice");
        CollectionAssert.AreEqual(first, Write(SceneFor(arch)).Build(), "fresh writer, same inputs");
        CollectionAssert.AreNotEqual(first, writer.SetTimestamp(MinidumpWriter.DefaultTimestamp).Build(), "inputs matter");
    }

    [TestMethod]
    public void WriteTo_WritesTheBuiltBytes()
    {
        var writer = Write(X86);
        var path = Path.Combine(Path.GetTempPath(), $"mdw-{Guid.NewGuid():N}.dmp");
        try
        {
            writer.WriteTo(path);
            CollectionAssert.AreEqual(writer.Build(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Build_RejectsOverlappingRegions()
    {
        var writer = new MinidumpWriter(TargetArchitecture.X64)
            .AddMemory(0x1000, new byte[0x100])
            .AddThread(1, 0x9000, 0x10F0, new byte[0x20]);
        Assert.ThrowsExactly<InvalidOperationException>(() => writer.Build());
    }

    [TestMethod]
    public void Add_RejectsBadInput()
    {
        var x86 = new MinidumpWriter(TargetArchitecture.X86);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => x86.AddMemory(0xFFFF_FFF0, new byte[0x20]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => x86.AddModule(@"C:\a.dll", 0x1_0000_0000, 0x1000));
        Assert.ThrowsExactly<ArgumentException>(() => x86.SetException(1, 1, 0x1000, new ulong[16]));
        Assert.ThrowsExactly<ArgumentException>(() => x86.AddThread(1, 0, 0x1000, [1]).AddThread(1, 0, 0x2000, [1]));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new MinidumpWriter(TargetArchitecture.Unknown));
    }
}
