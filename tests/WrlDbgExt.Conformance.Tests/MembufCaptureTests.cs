using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// membuf when a dump did not capture part of a buffer's open-reference list: the engine-made dump's memory with
/// one listed reference cut out. The answer keeps the buffer's state and says where the list goes on unseen,
/// rather than calling the buffer corrupt. Expected values come from the target's manifest.
/// </summary>
[TestClass]
public class MembufCaptureTests
{
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
        ulong size = arch == "x64" ? 0x60UL : 0x38UL; // sizeof(wrlref::MemoryBufferReference), the engine's ?? sizeof on the PDBs

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
