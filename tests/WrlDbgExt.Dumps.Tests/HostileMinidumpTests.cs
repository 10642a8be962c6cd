using System.Buffers.Binary;
using WrlDbgExt.Dumps.Minidump;
using static WrlDbgExt.Dumps.Tests.RawMinidumpBuilder;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>Hostile and truncated inputs to our own parser: a one-line MinidumpFormatException, nothing else.</summary>
[TestClass]
public sealed class HostileMinidumpTests
{
    private static string Fails(byte[] bytes)
    {
        var ex = Assert.ThrowsExactly<MinidumpFormatException>(() => MinidumpFile.Parse(bytes));
        Assert.IsFalse(ex.Message.Contains('\n'), ex.Message);
        return ex.Message;
    }

    [TestMethod]
    public void EmptyFile_IsNotAMinidump() =>
        StringAssert.Contains(Fails([]), "not a minidump");

    [TestMethod]
    public void TruncatedHeader_IsNotAMinidump() =>
        StringAssert.Contains(Fails(CraftedDumps.Complete()[..20]), "fewer than a 32-byte minidump header");

    [TestMethod]
    public void WrongSignature_IsNotAMinidump()
    {
        var bytes = CraftedDumps.Complete();
        bytes[0] = (byte)'X';
        StringAssert.Contains(Fails(bytes), "does not start with 'MDMP'");
    }

    [TestMethod]
    public void WrongVersionMarker_IsNotAMinidump()
    {
        var bytes = CraftedDumps.Complete();
        bytes[4] = 0;
        StringAssert.Contains(Fails(bytes), "lacks the 0xA793 marker");
    }

    [TestMethod]
    public void StreamDirectoryPastEndOfFile_IsNamed()
    {
        var bytes = CraftedDumps.Complete();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)bytes.Length + 100);
        StringAssert.Contains(Fails(bytes), "stream directory (7 entries) at RVA 0x");
    }

    [TestMethod]
    public void HugeStreamCount_FailsWithoutAllocating()
    {
        var bytes = CraftedDumps.Complete();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue);
        var message = Fails(bytes);
        StringAssert.Contains(message, "stream directory (4294967295 entries) at RVA 0x");
        StringAssert.Contains(message, "(51539607540 bytes) runs past the end of the file");
    }

    [TestMethod]
    public void StreamDataPastEndOfFile_IsNamed()
    {
        var bytes = new RawMinidumpBuilder().RawStream(7, 56, 0x7FFF_0000).Build();
        StringAssert.Contains(Fails(bytes), "system-info stream at RVA 0x7FFF0000 lies beyond the end of the file");
    }

    [TestMethod]
    public void TooSmallSystemInfo_IsNamed()
    {
        var bytes = new RawMinidumpBuilder().Stream(7, new byte[12]).Build();
        StringAssert.Contains(Fails(bytes), "system-info stream is 12 bytes");
    }

    [TestMethod]
    public void HugeModuleCount_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("a.dll");
        b.Stream(4, List(0x0FFF_FFFF, Module(0x10000, 0x1000, name)));
        StringAssert.Contains(Fails(b.Build()), "module list claims 268435455 entries of 108 bytes");
    }

    [TestMethod]
    public void ModuleListStreamTooSmallForItsCount_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(4, new byte[2]);
        StringAssert.Contains(Fails(b.Build()), "module list is 2 bytes");
    }

    [TestMethod]
    public void MemoryListCountBeyondItsStream_IsFatal()
    {
        var b = new RawMinidumpBuilder();
        uint data = b.Add(new byte[16]);
        b.Stream(5, List(0x1000_0000, Memory(0x10000, 16, data)));
        StringAssert.Contains(Fails(b.Build()), "memory list claims 268435456 entries of 16 bytes but its stream holds only 20 bytes");
    }

    [TestMethod]
    public void MemoryListStreamBeyondTheFile_IsFatal()
    {
        var bytes = new RawMinidumpBuilder().RawStream(5, 20, 0x00F0_0000).Build();
        StringAssert.Contains(Fails(bytes), "memory list count at RVA 0xF00000 lies beyond the end of the file");
    }

    [TestMethod]
    public void Memory64ListHugeCount_IsFatalWithoutAllocating()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(9, [.. U64(ulong.MaxValue / 2), .. U64(0x100), .. U64(0x10000), .. U64(16)]);
        StringAssert.Contains(Fails(b.Build()), "memory64 list claims 9223372036854775807 ranges of 16 bytes but its stream holds only 32 bytes");
    }

    [TestMethod]
    public void Memory64ListTooSmallForItsHead_IsFatal()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(9, new byte[12]);
        StringAssert.Contains(Fails(b.Build()), "memory64 list is 12 bytes, too small to hold its count and base RVA");
    }

    [TestMethod]
    public void Memory64DescriptorsRunningPastTheFile_AreFatal()
    {
        // The stream claims room for 4 descriptors; only the 12-byte directory follows its first one.
        var b = new RawMinidumpBuilder();
        uint head = b.Add([.. U64(4), .. U64(0x100), .. U64(0x10000), .. U64(16)]);
        b.RawStream(9, 16 + 4 * 16, head);
        StringAssert.Contains(Fails(b.Build()), $"memory64 list descriptor array at RVA 0x{head + 16:X} (64 bytes) runs past the end of the file");
    }

    [TestMethod]
    public void ElfCoreFile_IsNamed()
    {
        var elf = ElfHeader(type: 4, bigEndian: false);
        Assert.AreEqual("an ELF core file, not a Windows minidump", Fails(elf));
    }

    [TestMethod]
    public void BigEndianElfCoreFile_IsNamed() =>
        Assert.AreEqual("an ELF core file, not a Windows minidump", Fails(ElfHeader(type: 4, bigEndian: true)));

    [TestMethod]
    [DataRow((ushort)2)] // ET_EXEC
    [DataRow((ushort)3)] // ET_DYN
    public void OtherElfFile_IsNamed(ushort type) =>
        Assert.AreEqual("an ELF file, not a minidump", Fails(ElfHeader(type, bigEndian: false)));

    [TestMethod]
    public void ElfMagicAlone_IsAnElfFile() =>
        Assert.AreEqual("an ELF file, not a minidump", Fails([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1]));

    /// <summary>A 64-byte ELF64 header: magic, class 64, data LE/BE, version 1, e_type, e_machine x86-64.</summary>
    private static byte[] ElfHeader(ushort type, bool bigEndian)
    {
        var b = new byte[64];
        b[0] = 0x7F; b[1] = (byte)'E'; b[2] = (byte)'L'; b[3] = (byte)'F';
        b[4] = 2;
        b[5] = bigEndian ? (byte)2 : (byte)1;
        b[6] = 1;
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(16), type);
        else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), type);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(18), 62);
        return b;
    }

    [TestMethod]
    public void EveryTruncationOfACraftedDump_FailsWithFormatException()
    {
        var bytes = CraftedDumps.Complete();
        for (int length = 0; length < bytes.Length; length++)
        {
            // The directory is the last thing in a crafted dump, so every truncation must be caught.
            var ex = Assert.ThrowsExactly<MinidumpFormatException>(() => MinidumpFile.Parse(bytes[..length]), $"length {length}");
            Assert.IsFalse(ex.Message.Contains('\n'));
        }
    }

    [TestMethod]
    public void RandomCorruption_OnlyEverRaisesFormatException()
    {
        var original = CraftedDumps.Complete();
        var random = new Random(20240611);
        int failures = 0;
        for (int round = 0; round < 3000; round++)
        {
            var bytes = (byte[])original.Clone();
            int flips = random.Next(1, 6);
            for (int i = 0; i < flips; i++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                MinidumpFile.Parse(bytes);
            }
            catch (MinidumpFormatException ex)
            {
                Assert.IsFalse(ex.Message.Contains('\n'), ex.Message);
                failures++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"round {round}: {ex.GetType().Name} escaped: {ex.Message}");
            }
        }
        Assert.IsGreaterThan(0, failures, "some corruptions must be detected");
    }
}
