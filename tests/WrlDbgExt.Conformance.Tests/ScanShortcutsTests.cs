using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Scanning;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// The scan's shortcuts (docs/debugger-engine.md §17.4) change no answer, on the engine-made dumps: a candidate the
/// prefilter lets wait would not have confirmed a vftable nor been a destroyed block (the full decode says so), and the
/// references to destroyed blocks, counted partly while the blocks are found, are exactly the words a plain loop over
/// every captured word finds pointing into them.
/// </summary>
[TestClass]
public class ScanShortcutsTests
{
    private static IEnumerable<(string Arch, MinidumpTarget Target)> Dumps()
    {
        foreach (var arch in new[] { "x64", "x86" })
            foreach (var name in Require.DumpedTargets(arch).Where(t => !t.EndsWith("-writer", StringComparison.Ordinal)))
                yield return ($"{arch} {name}", MinidumpTarget.Open(FixtureSet.File(arch, name, ".dmp")));
    }

    [TestMethod]
    public void ACandidateLeftWaitingWouldNeitherConfirmNorBeDestroyed()
    {
        int waited = 0, decodedNow = 0;
        foreach (var (name, target) in Dumps())
            using (target)
            {
                var layouts = LayoutCatalog.For(target);
                var images = target.Modules.Select(m => new WantedRange(m.ImageBase, m.ImageSize)).ToList();
                var prefilter = new BlockPrefilter(target, layouts);
                PointerScanner.Scan(target, images, onHit: hit =>
                {
                    if (images.Any(i => i.Contains(hit.Address))) return;
                    if (prefilter.MayConfirmOrBeDestroyed(hit.Address)) { decodedNow++; return; }
                    waited++;
                    var v = FlavourDetector.Decode(target, layouts, hit.Address, objectHints: false);
                    Assert.AreNotEqual(WeakReferenceState.ControlBlockDestroyed, v.State, $"{name} 0x{hit.Address:x}");
                    Assert.AreNotEqual(BlockIdentity.Symbols, v.Identity, $"{name} 0x{hit.Address:x}");
                    Assert.IsFalse(v.Reasons.Any(r => r.Code == ReasonCode.BackLinkFound), $"{name} 0x{hit.Address:x}: {v.State}");
                });
            }
        Assert.IsTrue(waited >= 5, $"{waited} candidates waited"); // a real heap's fields are full of pointers: few wait there
        Assert.IsTrue(decodedNow > 20, $"{decodedNow} candidates decoded at once");
    }

    [TestMethod]
    public void DestroyedBlocksReferencesAreEveryCapturedWordPointingIntoThem()
    {
        int blocks = 0, referenced = 0;
        foreach (var (name, target) in Dumps())
            using (target)
            {
                var naive = new Dictionary<ulong, int>();
                foreach (bool ahead in new[] { false, true })
                {
                    var report = TargetScanner.Scan(target, LayoutCatalog.For(target), readAhead: ahead)!;
                    var dead = report.Blocks.Hits.Where(h => h.State == WeakReferenceState.ControlBlockDestroyed).ToList();
                    if (naive.Count == 0)
                        foreach (var h in dead)
                            naive[h.Address] = CountPointingInto(target, h.Address, Math.Max(h.Block.Layout.Size, (uint)target.PointerSize));
                    CollectionAssert.AreEquivalent(naive.ToList(), report.DestroyedBlockReferences.ToList(), $"{name}, readAhead {ahead}");
                    if (!ahead) { blocks += dead.Count; referenced += naive.Values.Count(n => n > 0); }
                }
            }
        Assert.IsTrue(blocks >= 10 && referenced >= 6, $"{blocks} destroyed blocks, {referenced} of them referenced");
    }

    // Every aligned captured word outside [block, block + size) whose value lies inside it, read a word at a time.
    private static int CountPointingInto(MinidumpTarget target, ulong block, ulong size)
    {
        int ptr = target.PointerSize, n = 0;
        ulong covered = 0;
        foreach (var region in target.Regions)
        {
            ulong start = Math.Max(region.Start, covered), end = region.Start + region.BytesAvailable;
            for (ulong at = (start + (ulong)ptr - 1) / (ulong)ptr * (ulong)ptr; at + (ulong)ptr <= end; at += (ulong)ptr)
                if (target.TryReadPointer(at, out ulong v) && v - block < size && at - block >= size) n++;
            covered = Math.Max(covered, region.End);
        }
        return n;
    }
}
