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
