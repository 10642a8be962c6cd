using WrlDbgExt.Core.Buffers;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Buffers;

/// <summary>
/// The memory_buffers twin (<see cref="MemoryBufferTwin"/>) laid out with the built-in layouts in memory: every entry
/// decodes to the state, findings and open list the twin says, without fixtures or an engine (the conformance tests
/// check the PDB-laid-out dumps).
/// </summary>
[TestClass]
public class MemoryBufferTwinTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void EveryEntryDecodesToWhatTheTwinLaidOut(TargetArchitecture arch)
    {
        var module = new TargetModule(@"C:\t\memory_buffers.exe", arch == TargetArchitecture.X64 ? 0x1_4000_0000UL : 0x40_0000UL, 0x10000, 0, null,
            PdbIdentity.Rsds(Guid.Empty, 1, "memory_buffers.pdb"));
        var twin = new MemoryBufferTwin(arch, [.. ReferenceBufferImplementation.BuiltInLayouts.Where(l => l.Family == arch)], module);
        var target = new InMemoryTarget(arch).AddModule(module);
        foreach (var (address, bytes) in twin.Regions) target.AddRegion(address, bytes);
        Assert.IsTrue(twin.Entries.Count >= 12);
        foreach (var e in twin.Entries)
        {
            var facts = e.Properties.ToDictionary(p => p.Name, p => p.Value.ToString());
            var v = MemoryBufferDecoder.Decode(target, LayoutCatalog.BuiltInOnly, e.Address);
            Assert.AreEqual(e.ExpectedState, v.State?.Id(), e.Name);
            CollectionAssert.AreEquivalent(facts["findings"]!.Split(',', StringSplitOptions.RemoveEmptyEntries),
                v.Findings.Select(f => ReasonText.CodeId(f.Reason.Code)).ToList(), e.Name);
            if (e.Flavour == "memory-buffer")
                Assert.AreEqual(facts["references"], string.Join(",", v.OpenReferences.Select(r => Hex.Json(r.Address))), e.Name);
            else
                Assert.AreEqual(facts["handlersCaptured"], v.OpenReferences[0].HandlersCaptured.ToString(), e.Name);
        }
    }
}
