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
        StringAssert.Contains(Fails(bytes), "stream directory (7 entries) lies outside the file");
    }

    [TestMethod]
    public void HugeStreamCount_FailsWithoutAllocating()
    {
        var bytes = CraftedDumps.Complete();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue);
        StringAssert.Contains(Fails(bytes), "stream directory (4294967295 entries) lies outside the file");
    }

    [TestMethod]
    public void StreamDataPastEndOfFile_IsNamed()
    {
        var bytes = new RawMinidumpBuilder().RawStream(7, 56, 0x7FFF_0000).Build();
        StringAssert.Contains(Fails(bytes), "system-info stream lies outside the file");
    }

    [TestMethod]
    public void TooSmallSystemInfo_IsNamed()
    {
        var bytes = new RawMinidumpBuilder().Stream(7, new byte[12]).Build();
        StringAssert.Contains(Fails(bytes), "system-info stream is 12 bytes");
    }

    [TestMethod]
    public void CsdStringPastEndOfFile_IsNamed()
    {
        var bytes = new RawMinidumpBuilder().Stream(7, SystemInfo(CraftedDumps.Amd64, 2, csdRva: 0x10_0000)).Build();
        StringAssert.Contains(Fails(bytes), "CSD version string lies outside the file");
    }

    [TestMethod]
    public void ModuleNameRvaPastEndOfFile_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        uint good = b.AddString("good.dll");
        b.Stream(4, List(2, Module(0x10000, 0x1000, good), Module(0x20000, 0x1000, 0xFFFF_FF00)));
        StringAssert.Contains(Fails(b.Build()), "module list entry 1 name lies outside the file");
    }

    [TestMethod]
    public void ModuleNameWithHugeLength_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.Add([.. U32(0xFFFF_FFF0), 0x41, 0]);
        b.Stream(4, List(1, Module(0x10000, 0x1000, name)));
        StringAssert.Contains(Fails(b.Build()), "module list entry 0 name claims 4294967280 bytes");
    }

    [TestMethod]
    public void ModuleNameRunningPastEndOfFile_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(4, List(1, Module(0x10000, 0x1000, 0))); // name RVA patched below to the last 4 bytes
        var bytes = b.Build();
        int directory = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        int moduleEntry = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(directory + 8)) + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(moduleEntry + 20), (uint)bytes.Length - 4);
        StringAssert.Contains(Fails(bytes), "module list entry 0 name lies outside the file");
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
    public void CodeViewRecordPastEndOfFile_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("a.dll");
        b.Stream(4, List(1, Module(0x10000, 0x1000, name, cvSize: 40, cvRva: 0x00F0_0000)));
        StringAssert.Contains(Fails(b.Build()), "module list entry 0 CodeView record lies outside the file");
    }

    [TestMethod]
    public void CodeViewRecordSizeRunningPastEndOfFile_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("a.dll");
        uint cv = b.Add(Rsds(Guid.NewGuid(), 1, "a.pdb"));
        b.Stream(4, List(1, Module(0x10000, 0x1000, name, cvSize: 0xFFFF_FFF0, cvRva: cv)));
        StringAssert.Contains(Fails(b.Build()), "CodeView record lies outside the file");
    }

    [TestMethod]
    public void TruncatedRsdsRecord_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        uint name = b.AddString("a.dll");
        uint cv = b.Add([.. "RSDS"u8, 1, 2, 3, 4, 5, 6]);
        b.Stream(4, List(1, Module(0x10000, 0x1000, name, cvSize: 10, cvRva: cv)));
        StringAssert.Contains(Fails(b.Build()), "module list entry 0 CodeView record (RSDS) is 10 bytes");
    }

    [TestMethod]
    public void HugeThreadCount_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(3, List(0x7FFF_FFFF, Thread(1, 0, 0, 0, 0)));
        StringAssert.Contains(Fails(b.Build()), "thread list claims 2147483647 entries");
    }

    [TestMethod]
    public void ThreadNameRva64PastEndOfFile_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(24, List(1, ThreadName(5, 0x1_0000_0010)));
        StringAssert.Contains(Fails(b.Build()), "thread-name list entry 0 name lies outside the file");
    }

    [TestMethod]
    public void ExceptionWithTooManyParameters_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(6, ExceptionWithCount(1, 0xC0000005, 0, 16));
        StringAssert.Contains(Fails(b.Build()), "claims 16 exception parameters");
    }

    [TestMethod]
    public void TruncatedExceptionStream_IsNamed()
    {
        var b = new RawMinidumpBuilder();
        b.Stream(6, new byte[100]);
        StringAssert.Contains(Fails(b.Build()), "exception stream is 100 bytes");
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
