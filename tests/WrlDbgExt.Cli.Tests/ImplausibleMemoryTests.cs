using System.Text.Json;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Cli.Tests;

/// <summary>Through a real minidump: words and blocks that cannot be what they claim get the answer that says so.</summary>
[TestClass]
public class ImplausibleMemoryTests
{
    private const ulong Heap = 0x0000_01d0_4f5e_0000;

    private static string Write(byte[] heap)
    {
        var bytes = new MinidumpWriter(TargetArchitecture.X64).SetSystem(10, 0, 19045).AddMemory(Heap, heap).Build();
        var path = Path.Combine(Path.GetTempPath(), $"wrldbg-implausible-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestMethod]
    public void WordsWithImpossibleBlockPointersStillPrintTheWordAndAJsonDocument()
    {
        var image = new ObjectImage(0x20, 8)
            .Pointer(0x00, 0x8000_0000_0000_0000UL)  // pointer mode, block null
            .Pointer(0x08, 0xC000_0000_1234_0000UL)  // pointer mode, block not user-mode
            .Pointer(0x10, 0x0000_0002_0000_0001UL); // count mode with an upper half
        var dump = Write(image.Bytes);
        try
        {
            foreach (var (offset, code) in new[] { (0x00, "word-block-null"), (0x08, "word-block-not-user-mode"), (0x10, "word-upper-half-set") })
            {
                var address = $"0x{Heap + (ulong)offset:x}";
                var text = CliRunner.Run("weak", dump, address, "--word");
                Assert.AreEqual(0, text.ExitCode, text.Stderr);
                StringAssert.StartsWith(text.Stdout, $"count-or-pointer word at {Core.Rendering.Hex.Pointer(Heap + (ulong)offset, 8)} = 0x");
                StringAssert.Contains(text.Stdout, "(implausible: see below)");
                var json = CliRunner.Run("weak", dump, address, "--word", "--json");
                using var doc = JsonDocument.Parse(json.Stdout);
                Assert.IsFalse(doc.RootElement.GetProperty("plausible").GetBoolean());
                Assert.IsTrue(doc.RootElement.GetProperty("reasons").EnumerateArray().Any(r => r.GetProperty("code").GetString() == code), json.Stdout);
                Assert.AreEqual(JsonValueKind.Null, doc.RootElement.GetProperty("controlBlock").ValueKind);
            }
        }
        finally
        {
            File.Delete(dump);
        }
    }

    [TestMethod]
    public void FreedMemoryIsNotAControlBlockAndSaysWhichFillItHolds()
    {
        var heap = new byte[0x40];
        heap.AsSpan().Fill(0xDD);
        var dump = Write(heap);
        try
        {
            var r = CliRunner.Run("weak", dump, $"0x{Heap:x}");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            StringAssert.Contains(r.Stdout, "verdict : not a control block\n");
            StringAssert.Contains(r.Stdout, "0xDDDDDDDD fill (debug CRT: freed memory)");
        }
        finally
        {
            File.Delete(dump);
        }
    }
}

/// <summary>A dump file cut short: blocks past the cut are incomplete because of truncation, never corrupt.</summary>
[TestClass]
public class TruncatedDumpTests
{
    [TestMethod]
    public void ABlockBeyondTheCutIsIncompleteAndSaysTheDumpIsTruncated()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var bytes = ScenarioDump.Build(scenario);
        var heap = Dumps.Minidump.MinidumpFile.Parse(bytes).Memory.Single(m => m.Start == scenario.HeapBase);
        var block = scenario.Object("target-destroyed");
        // Cut the file 0x10 bytes into the block: its counts and target lie beyond the end of the file.
        int cut = (int)(heap.FileOffset + (block.Address - scenario.HeapBase) + 0x10);
        var path = Path.Combine(Path.GetTempPath(), $"wrldbg-cut-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, bytes[..cut]);
        try
        {
            var r = CliRunner.Run("weak", path, $"0x{block.Address:x}", "--json");
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            using var doc = JsonDocument.Parse(r.Stdout);
            Assert.AreEqual("incomplete", doc.RootElement.GetProperty("state").GetString());
            var codes = doc.RootElement.GetProperty("reasons").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ToList();
            CollectionAssert.Contains(codes, "field-truncated");
            CollectionAssert.DoesNotContain(codes, "field-not-captured");
            var text = CliRunner.Run("weak", path, $"0x{block.Address:x}").Stdout;
            StringAssert.Contains(text, "strongRefCount_ at +0x10");
            StringAssert.Contains(text, "lies beyond the end of its file (truncated dump)");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
