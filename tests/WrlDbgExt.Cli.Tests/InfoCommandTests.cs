using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using WrlDbgExt.Cli.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Minidumps;

namespace WrlDbgExt.Cli.Tests;

[TestClass]
public class InfoCommandTests
{
    // From ../shared/testdata/realdumps/MANIFEST.md.
    [TestMethod]
    [DataRow("windows-x64/rust-minidump_invalid-parameter.dmp", "x64", 31, 6, "0xc000000d")]
    [DataRow("windows-x64/electron-node-minidump_windows.dmp", "x64", 58, 14, "0xc0000005")]
    [DataRow("windows-x64/breakpad_tiny-exe-fastfail.dmp", "x64", 21, 4, "0xc0000409")]
    [DataRow("windows-x86/breakpad_minidump2.dmp", "x86", 13, 2, "0xc0000005")]
    [DataRow("windows-x86/breakpad_thread_name_list.dmp", "x86", 17, 6, "0xc0000005")]
    public void InfoWorksOnEveryRealWindowsDump(string file, string arch, int modules, int threads, string code)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);

        var json = CliRunner.Run("info", path, "--json");
        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.AreEqual(arch, root.GetProperty("architecture").GetString());
        Assert.AreEqual(arch == "x64" ? 8 : 4, root.GetProperty("pointerSize").GetInt32());
        Assert.AreEqual(modules, root.GetProperty("modules").GetArrayLength());
        Assert.AreEqual(threads, root.GetProperty("threads").GetArrayLength());
        Assert.AreEqual(code, root.GetProperty("exception").GetProperty("code").GetString());
        Assert.AreEqual("Windows NT", root.GetProperty("os").GetProperty("platform").GetString());
        Assert.IsTrue(root.GetProperty("modules").EnumerateArray().Any(m => m.GetProperty("pdb").ValueKind == JsonValueKind.Object),
            "some module carries a PDB identity");

        var text = CliRunner.Run("info", path);
        Assert.AreEqual(0, text.ExitCode, text.Stderr);
        StringAssert.Contains(text.Stdout, $"Modules       {modules}\n");
        StringAssert.Contains(text.Stdout, $"Threads       {threads}\n");
        StringAssert.Contains(text.Stdout, $"Pointer size  {(arch == "x64" ? 8 : 4)} bytes\n");
        Assert.IsFalse(text.Stdout.Split('\n').Any(l => l.EndsWith(' ')), "no trailing blanks");
    }

    [TestMethod]
    public void InfoShowsPdbIdentityAndVersionFromTheModuleList()
    {
        var path = SharedTestData.RealDump("windows-x86/breakpad_thread_name_list.dmp");
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);
        var r = CliRunner.Run("info", path);
        // Values read by hand from the module list: RSDS of ntdll and its VS_FIXEDFILEINFO.
        StringAssert.Contains(r.Stdout, "wntdll.pdb {59A40407-3ECA-3A11-9A1B-A3BD1483FEF1} age 1");
        StringAssert.Contains(r.Stdout, "6.2.17763.1192");
        StringAssert.Contains(r.Stdout, "overflow thread");
    }

    [TestMethod]
    [DataRow("malformed/rust-minidump_invalid-range.dmp", "no system-info stream")]
    [DataRow("malformed/lldb_regions-memlist64.dmp", "no module-list stream")]
    [DataRow("nonwindows/rust-minidump_linux-mini.dmp", "not of a Windows process")]
    public void UnusableDumpsExitThreeWithOneLine(string file, string why)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);
        foreach (var args in new[] { new[] { "info", path }, ["weak", path, "0x1000"], ["dt", path, "Microsoft::WRL::Details::WeakReferenceImpl"] })
        {
            var r = CliRunner.Run(args);
            Assert.AreEqual(3, r.ExitCode, $"{args[0]}: {r.Stderr}");
            Assert.AreEqual("", r.Stdout);
            Assert.AreEqual(1, r.Stderr.TrimEnd('\n').Split('\n').Length, r.Stderr);
            StringAssert.Contains(r.Stderr, why);
        }
    }

    [TestMethod]
    public void InfoOnTheHandcraftedDumpReportsItsModuleAndPdb()
    {
        var (_, dump) = ScenarioDumps.For(Core.Targets.TargetArchitecture.X64);
        var r = CliRunner.Run("info", dump, "--json");
        using var doc = JsonDocument.Parse(r.Stdout);
        var module = doc.RootElement.GetProperty("modules")[0];
        Assert.AreEqual("widgets", module.GetProperty("name").GetString());
        Assert.AreEqual("10.0.19041.1", module.GetProperty("fileVersion").GetString());
        Assert.AreEqual("widgets.pdb/5F0B8A3177C44C2E9D1A4C4C442050441/widgets.pdb", module.GetProperty("pdb").GetProperty("symbolStoreKey").GetString());
        Assert.AreEqual(0x2f10, doc.RootElement.GetProperty("processId").GetInt32());
    }

    private const string ThreadNameList = "windows-x86/breakpad_thread_name_list.dmp";

    private static readonly string[] RealWindowsDumps =
    [
        "windows-x64/rust-minidump_invalid-parameter.dmp",
        "windows-x64/electron-node-minidump_windows.dmp",
        "windows-x64/breakpad_tiny-exe-fastfail.dmp",
        "windows-x86/breakpad_minidump2.dmp",
        ThreadNameList,
    ];

    // MINIDUMP_TYPE bits of the real dumps' headers, named as the minidumpapiset.h documentation does.
    private static readonly Dictionary<ulong, string> DocumentedFlags = new()
    {
        [0x20] = "MiniDumpWithUnloadedModules",
        [0x100] = "MiniDumpWithProcessThreadData",
    };

    private static string RealDumpPath(string file)
    {
        var path = SharedTestData.RealDump(file);
        if (path is null) Assert.Inconclusive(SharedTestData.AbsentReason);
        return path!;
    }

    [TestMethod]
    [DataRow("windows-x64/rust-minidump_invalid-parameter.dmp")]
    [DataRow("windows-x64/electron-node-minidump_windows.dmp")]
    [DataRow("windows-x64/breakpad_tiny-exe-fastfail.dmp")]
    [DataRow("windows-x86/breakpad_minidump2.dmp")]
    [DataRow(ThreadNameList)]
    public void InfoListsTheMemoryRangesAndFlagsOfEveryRealDump(string file)
    {
        var path = RealDumpPath(file);
        var raw = RawDump.Read(File.ReadAllBytes(path));
        var expectedFlags = raw.Flags == 0
            ? new[] { "MiniDumpNormal" }
            : DocumentedFlags.Where(f => (raw.Flags & f.Key) != 0).Select(f => f.Value).ToArray();
        Assert.AreEqual(raw.Flags, DocumentedFlags.Keys.Where(k => (raw.Flags & k) != 0).Aggregate(0UL, (a, k) => a | k), "the table covers the dump's bits");

        var json = CliRunner.Run("info", path, "--json");
        Assert.AreEqual(0, json.ExitCode, json.Stderr);
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        var memory = root.GetProperty("memory");
        Assert.AreEqual(raw.Ranges.Count, memory.GetProperty("ranges").GetInt32());
        Assert.AreEqual(raw.ListedBytes, memory.GetProperty("listedBytes").GetUInt64());
        Assert.AreEqual(raw.ListedBytes, memory.GetProperty("bytesInFile").GetUInt64());
        Assert.IsFalse(memory.GetProperty("fullMemory").GetBoolean(), "no real dump here is a full-memory one");
        Assert.IsFalse(memory.GetProperty("truncated").GetBoolean());
        CollectionAssert.AreEqual(expectedFlags, root.GetProperty("flagNames").EnumerateArray().Select(e => e.GetString()).ToArray());
        Assert.AreEqual(0, root.GetProperty("warnings").GetArrayLength());

        var text = CliRunner.Run("info", path);
        Assert.AreEqual(0, text.ExitCode, text.Stderr);
        StringAssert.Contains(text.Stdout,
            $"Memory        {raw.Ranges.Count} ranges, {raw.ListedBytes} bytes listed, {raw.ListedBytes} in the file; not a full-memory dump\n");
        StringAssert.Contains(text.Stdout, $"Flags         0x{raw.Flags:x8} {string.Join(", ", expectedFlags)}\n");
        Assert.IsFalse(text.Stdout.Contains("Warnings"), "a sound dump has no warnings section");
    }

    [TestMethod]
    public void InfoShowsTheSymbolStoreKeyInTextAndNullForAnEmptyPdbName()
    {
        var path = RealDumpPath(ThreadNameList);
        // ntdll's RSDS record: GUID {59A40407-3ECA-3A11-9A1B-A3BD1483FEF1}, age 1, wntdll.pdb (read by hand).
        const string key = "wntdll.pdb/" + "59A404073ECA3A119A1BA3BD1483FEF1" + "1" + "/wntdll.pdb";

        var text = CliRunner.Run("info", path);
        var row = text.Stdout.Split('\n').Single(l => l.Contains("ntdll.dll "));
        StringAssert.Contains(row, "0x777a0000");
        StringAssert.Contains(row, key, "the key is on the module's row");

        using var doc = JsonDocument.Parse(CliRunner.Run("info", path, "--json").Stdout);
        var heob = doc.RootElement.GetProperty("modules").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "heob32");
        Assert.AreEqual(JsonValueKind.Null, heob.GetProperty("pdb").GetProperty("symbolStoreKey").ValueKind, "its RSDS record names no PDB file");
        Assert.AreEqual("", heob.GetProperty("pdb").GetProperty("path").GetString());
    }

    [TestMethod]
    public void InfoOnATruncatedDumpWarnsAndCountsTheMissingBytes()
    {
        var full = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:pppp.exe", 0x0040_0000, 0x1000)
            .AddMemory(0x10000, new byte[0x100])
            .AddMemory(0x20000, new byte[0x3000])
            .Build();
        // The writer puts the memory bytes last: cut 0x1000 bytes into the second range.
        var last = RawDump.Read(full).Ranges.Single(r => r.Start == 0x20000);
        var path = WriteTemp(full[..(int)(last.FileOffset + 0x1000)]);
        try
        {
            var json = CliRunner.Run("info", path, "--json");
            Assert.AreEqual(0, json.ExitCode, json.Stderr);
            using var doc = JsonDocument.Parse(json.Stdout);
            var memory = doc.RootElement.GetProperty("memory");
            Assert.AreEqual(2, memory.GetProperty("ranges").GetInt32());
            Assert.AreEqual(0x3100UL, memory.GetProperty("listedBytes").GetUInt64());
            Assert.AreEqual(0x1100UL, memory.GetProperty("bytesInFile").GetUInt64());
            Assert.IsTrue(memory.GetProperty("truncated").GetBoolean());
            Assert.IsTrue(memory.GetProperty("fullMemory").GetBoolean(), "a memory64 list");
            const string warning = "8192 bytes of listed memory lie beyond the end of the file (truncated dump)";
            CollectionAssert.AreEqual(new[] { warning }, doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToArray());
            CollectionAssert.AreEqual(new[] { "MiniDumpWithFullMemory" }, doc.RootElement.GetProperty("flagNames").EnumerateArray().Select(w => w.GetString()).ToArray());

            var text = CliRunner.Run("info", path);
            Assert.AreEqual(0, text.ExitCode, text.Stderr);
            StringAssert.Contains(text.Stdout, "Memory        2 ranges, 12544 bytes listed, 4352 in the file; full-memory dump; truncated (8192 bytes missing)\n");
            StringAssert.Contains(text.Stdout, $"\nWarnings\n  - {warning}\n");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void InfoOnADumpWithADamagedCodeViewRecordWarnsAndShowsTheRest()
    {
        var bytes = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:pppp.exe", 0x0040_0000, 0x1000, 0x1234, new Version(1, 2, 3, 4), Guid.NewGuid(), 1, "app.pdb")
            .AddModule(@"C:pp\lib.dll", 0x0050_0000, 0x2000, 0x5678, new Version(5, 6, 7, 8), Guid.NewGuid(), 1, "lib.pdb")
            .Build();
        uint bad = (uint)bytes.Length + 0x40;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)RawDump.ModuleEntry(bytes, 1) + 80), bad); // CodeView RVA
        var path = WriteTemp(bytes);
        try
        {
            var warning = $"module 1 (lib.dll): CodeView record at RVA 0x{bad:X} lies beyond the end of the file ({bytes.Length} bytes); its PDB identity is unknown";
            var json = CliRunner.Run("info", path, "--json");
            Assert.AreEqual(0, json.ExitCode, json.Stderr);
            using var doc = JsonDocument.Parse(json.Stdout);
            CollectionAssert.AreEqual(new[] { warning }, doc.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToArray());
            var modules = doc.RootElement.GetProperty("modules");
            Assert.AreEqual(JsonValueKind.Null, modules[1].GetProperty("pdb").ValueKind);
            Assert.AreEqual("5.6.7.8", modules[1].GetProperty("fileVersion").GetString());
            Assert.AreEqual("app.pdb", modules[0].GetProperty("pdb").GetProperty("path").GetString());

            var text = CliRunner.Run("info", path);
            Assert.AreEqual(0, text.ExitCode, text.Stderr);
            StringAssert.Contains(text.Stdout, $"\nWarnings\n  - {warning}\n");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void At80ColumnsNoHexValueIsBrokenAcrossLines()
    {
        var dumps = RealWindowsDumps.Select(f => SharedTestData.RealDump(f)).OfType<string>().ToList();
        dumps.Add(ScenarioDumps.For(TargetArchitecture.X64).Path);
        dumps.Add(ScenarioDumps.For(TargetArchitecture.X86).Path);
        foreach (var path in dumps)
        {
            var raw = RawDump.Read(File.ReadAllBytes(path));
            using var target = MinidumpTarget.Open(path);
            var output = new StringWriter();
            InfoTextRenderer.Render(target, output, width: 80);
            var lines = output.ToString().Split('\n');

            foreach (var line in lines)
                Assert.IsLessThanOrEqualTo(80, line.Length, $"{Path.GetFileName(path)}: {line}");
            // Every module row keeps its base and size whole, on one line.
            foreach (var (imageBase, size) in raw.Modules)
            {
                string b = Pointer(imageBase, raw.PointerSize), s = $"0x{size:x}";
                Assert.IsTrue(lines.Any(l => l.Contains(b + " ") && l.Contains(" " + s + " ")), $"{Path.GetFileName(path)}: module row {b} {s}");
            }
            // Every thread row keeps its id, TEB and stack start whole.
            foreach (var (id, teb, stack) in raw.Threads)
            {
                string i = $"0x{id:x}", t = Pointer(teb, raw.PointerSize), k = Pointer(stack, raw.PointerSize);
                Assert.IsTrue(lines.Any(l => l.Contains(i + " ") && l.Contains(t) && l.Contains(k)), $"{Path.GetFileName(path)}: thread row {i}");
            }
            // No line ends in the middle of a hex token that the next line continues.
            for (int n = 0; n + 1 < lines.Length; n++)
            {
                var m = System.Text.RegularExpressions.Regex.Match(lines[n], "0x[0-9a-fA-F`]*$");
                if (m.Success)
                    Assert.IsFalse(lines[n + 1].Length > m.Index && char.IsAsciiHexDigit(lines[n + 1][m.Index]) && lines[n + 1][..m.Index].Trim().Length == 0,
                        $"{Path.GetFileName(path)}: {lines[n]} / {lines[n + 1]}");
            }
        }
    }

    [TestMethod]
    public void At80ColumnsThePdbIdentitiesAndKeysAreListedWhole()
    {
        var path = RealDumpPath(ThreadNameList);
        using var target = MinidumpTarget.Open(path);
        var output = new StringWriter();
        InfoTextRenderer.Render(target, output, width: 80);
        var lines = output.ToString().Split('\n');

        Assert.Contains("    wntdll.pdb {59A40407-3ECA-3A11-9A1B-A3BD1483FEF1} age 1", lines);
        Assert.Contains("    wntdll.pdb/59A404073ECA3A119A1BA3BD1483FEF11/wntdll.pdb", lines);
    }

    [TestMethod]
    public void InfoRefusesAFifoAtOnce()
    {
        if (OperatingSystem.IsWindows()) Assert.Inconclusive("mkfifo is a Unix test");
        var dir = Directory.CreateTempSubdirectory("wrldbg-fifo-").FullName;
        var fifo = Path.Combine(dir, "dump.dmp");
        try
        {
            using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
            {
                mkfifo.WaitForExit();
                Assert.AreEqual(0, mkfifo.ExitCode);
            }
            var run = Task.Run(() => CliRunner.Run("info", fifo));
            if (Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20))).GetAwaiter().GetResult() != run)
            {
                using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { } // releases a reader stuck in open
                Assert.Fail("info blocked on the FIFO");
            }
            var r = run.Result;
            Assert.AreEqual(3, r.ExitCode);
            Assert.AreEqual($"wrldbg: {fifo}: is not a regular file (a FIFO)\n", r.Stderr);
            Assert.AreEqual("", r.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void InfoNamesAnElfCoreFile()
    {
        var core = new byte[64];
        core[0] = 0x7F; core[1] = (byte)'E'; core[2] = (byte)'L'; core[3] = (byte)'F';
        core[4] = 2; core[5] = 1; core[16] = 4; // ELFCLASS64, little-endian, ET_CORE
        var path = WriteTemp(core);
        try
        {
            var r = CliRunner.Run("info", path);
            Assert.AreEqual(3, r.ExitCode);
            Assert.AreEqual($"wrldbg: {path}: an ELF core file, not a Windows minidump\n", r.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string WriteTemp(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wrldbg-info-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>WinDbg's pointer form, written here rather than taken from the renderer.</summary>
    private static string Pointer(ulong value, int pointerSize) =>
        pointerSize == 4 ? $"0x{value:x8}" : $"0x{value >> 32:x8}`{value & 0xFFFF_FFFF:x8}";

    /// <summary>What the tests read straight from a dump's bytes (minidumpapiset.h layouts), apart from the parser.</summary>
    private sealed record RawDump(ulong Flags, int PointerSize, List<(ulong Start, ulong Size, ulong FileOffset)> Ranges,
        List<(ulong Base, uint Size)> Modules, List<(uint Id, ulong Teb, ulong Stack)> Threads)
    {
        public ulong ListedBytes => Ranges.Aggregate(0UL, (sum, r) => sum + r.Size);

        public static RawDump Read(byte[] d)
        {
            var ranges = new List<(ulong, ulong, ulong)>();
            var modules = new List<(ulong, uint)>();
            var threads = new List<(uint, ulong, ulong)>();
            int pointerSize = 8;
            uint count = U32(d, 8), directory = U32(d, 12);
            for (uint i = 0; i < count; i++)
            {
                uint type = U32(d, directory + i * 12), rva = U32(d, directory + i * 12 + 8);
                switch (type)
                {
                    case 3:
                        for (uint k = 0, n = U32(d, rva); k < n; k++)
                            threads.Add((U32(d, rva + 4 + k * 48), U64(d, rva + 4 + k * 48 + 16), U64(d, rva + 4 + k * 48 + 24)));
                        break;
                    case 4:
                        for (uint k = 0, n = U32(d, rva); k < n; k++)
                            modules.Add((U64(d, rva + 4 + k * 108), U32(d, rva + 4 + k * 108 + 8)));
                        break;
                    case 5:
                        for (uint k = 0, n = U32(d, rva); k < n; k++)
                            ranges.Add((U64(d, rva + 4 + k * 16), U32(d, rva + 4 + k * 16 + 8), U32(d, rva + 4 + k * 16 + 12)));
                        break;
                    case 9:
                        ulong offset = U64(d, rva + 8);
                        for (uint k = 0, n = (uint)U64(d, rva); k < n; k++)
                        {
                            ulong size = U64(d, rva + 16 + k * 16 + 8);
                            ranges.Add((U64(d, rva + 16 + k * 16), size, offset));
                            offset += size;
                        }
                        break;
                    case 7:
                        pointerSize = BinaryPrimitives.ReadUInt16LittleEndian(d.AsSpan((int)rva)) == 0 ? 4 : 8; // PROCESSOR_ARCHITECTURE_INTEL
                        break;
                }
            }
            return new RawDump(BinaryPrimitives.ReadUInt64LittleEndian(d.AsSpan(24)), pointerSize, ranges, modules, threads);
        }

        public static uint ModuleEntry(byte[] d, int index)
        {
            uint count = U32(d, 8), directory = U32(d, 12);
            for (uint i = 0; i < count; i++)
            {
                if (U32(d, directory + i * 12) == 4)
                    return U32(d, directory + i * 12 + 8) + 4 + (uint)index * 108;
            }
            throw new AssertFailedException("no module list");
        }

        private static uint U32(byte[] b, uint offset) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan((int)offset));

        private static ulong U64(byte[] b, uint offset) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan((int)offset));
    }
}
