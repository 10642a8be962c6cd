using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// membuf beyond the manifest's objects: data pointers ("which buffer owns this byte?"), and a dump that did not
/// capture part of a buffer's open-reference list. Expected values come from the target's manifest.
/// </summary>
[TestClass]
public class MembufTests
{
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryByteOfABuffersMemoryLeadsToThatBufferInTheCliAndTheEngine(string arch)
    {
        Require.Extension();
        int ptr = arch == "x64" ? 8 : 4;
        var dump = Require.FixtureFile(arch, "memory_buffers", ".dmp");
        var buffers = FixtureManifest.Load(FixtureSet.File(arch, "memory_buffers", ".manifest.json")).Objects.Where(o => o.Flavour == "memory-buffer").ToList();
        Assert.IsTrue(buffers.Count >= 3);
        // The first and the last byte of each block, and one past it (which is no byte of that buffer).
        var probes = buffers.SelectMany(b =>
        {
            ulong data = FixtureManifest.ParseHex(b.Properties["data"]), capacity = ulong.Parse(b.Properties["capacity"]);
            return new[] { (b, data, true), (b, data + capacity - 1, true), (b, data + capacity, false) };
        }).ToList();
        var commands = probes.Select(p => "!membuf -json " + Hex.Pointer(p.Item2, ptr)).ToList();
        var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.NoSymbolsFolder()], commands.Prepend(ExtensionBuild.LoadCommand));
        foreach (var ((buffer, at, inside), command) in probes.Zip(commands))
        {
            var cli = CliRunner.Run("membuf", dump, Hex.Pointer(at, ptr), "--json");
            foreach (var (host, json) in new[] { ("CLI", cli.Stdout), ("engine", engine.Output(command)) })
            {
                using var doc = System.Text.Json.JsonDocument.Parse(json);
                var start = doc.RootElement.GetProperty("objectStart");
                bool names = start.ValueKind == System.Text.Json.JsonValueKind.String && FixtureManifest.ParseHex(start.GetString()!) == buffer.Address;
                Assert.AreEqual(inside, names, $"{arch} {host} 0x{at:x} ({buffer.Name}):\n{json}");
                if (inside) Assert.AreEqual(buffer.ExpectedState, doc.RootElement.GetProperty("state").GetString(), $"{arch} {host} 0x{at:x}");
            }
        }
    }

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void AnUncapturedReferenceLeavesTheListUnknownNotCorrupt(string arch)
    {
        var dump = Require.FixtureFile(arch, "memory_buffers", ".dmp");
        var manifest = FixtureManifest.Load(FixtureSet.File(arch, "memory_buffers", ".manifest.json"));
        var buffer = manifest.Objects.Single(o => o.Name == "buffer-open");
        var list = buffer.Properties["references"].Split(',').Select(FixtureManifest.ParseHex).ToList();
        Assert.IsTrue(list.Count >= 2, "buffer-open has several references");
        ulong cut = list[1];
        ulong size = arch == "x64" ? 0x68UL : 0x40UL; // sizeof(wrlref::MemoryBufferReference), the engine's ?? sizeof on the PDBs

        using var source = MinidumpTarget.Open(dump);
        var copy = new InMemoryTarget(source.Architecture);
        foreach (var m in source.Modules) copy.AddModule(m);
        foreach (var r in source.Regions)
        {
            var bytes = new byte[r.BytesAvailable];
            int got = source.Read(r.Start, bytes);
            void Add(ulong from, ulong to) { if (to > from) copy.AddRegion(from, bytes[(int)(from - r.Start)..(int)(to - r.Start)]); }
            ulong end = r.Start + (ulong)got;
            if (cut >= r.Start && cut < end) { Add(r.Start, cut); Add(Math.Min(end, cut + size), end); } // that reference is gone
            else Add(r.Start, end);
        }

        var verdict = MemoryBufferDecoder.Decode(copy, LayoutCatalog.BuiltInOnly, buffer.Address);
        Assert.AreEqual(buffer.ExpectedState, verdict.State!.Value.Id());
        CollectionAssert.AreEqual(list.Take(1).ToList(), verdict.OpenReferences.Select(r => r.Address).ToList());
        var reason = verdict.Reasons.Single(r => r.Code == ReasonCode.BufferListNotCaptured);
        Assert.AreEqual(cut, reason.Address("at"));
        Assert.IsFalse(verdict.Findings.Any(f => f.Severity == Severity.Error), "not corrupt");
    }
}
