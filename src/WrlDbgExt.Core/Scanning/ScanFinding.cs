using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Scanning;

/// <summary>
/// Something a scan found that a user should look at: which rule, how much it matters, where (a block, object or
/// buffer; for a summary the first block of the group), the flavour and, for summaries, how many it covers.
/// </summary>
/// <remarks>Count: blocks a summary covers; for a referenced destroyed block, the words pointing into it. Detail: for a
/// buffer's finding, the decoder's reason (its arguments give the message).</remarks>
public sealed record ScanFinding(ScanRule Rule, Severity Severity, ulong Address, string Flavour, int Count = 1, ulong? VfTable = null, Reason? Detail = null);

/// <summary>The rules a scan's findings follow (SARIF's <c>ruleId</c>s).</summary>
public enum ScanRule
{
    /// <summary>A block whose strong count is stuck at its maximum: the target can never be released.</summary>
    SaturatedBlock,

    /// <summary>A count-mode object whose count is stuck at its maximum.</summary>
    SaturatedObject,

    /// <summary>A block that counts strong references to a target whose memory no longer holds an object.</summary>
    DanglingTarget,

    /// <summary>A block with counts or fields no correct program produces.</summary>
    CorruptBlock,

    /// <summary>A destroyed block that captured words still point into: a holder may still use it.</summary>
    DestroyedBlockReferenced,

    /// <summary>A block its library marked destroyed, still in memory, that nothing captured points to.</summary>
    DestroyedBlock,

    /// <summary>Blocks of one vftable whose targets are gone but weak references keep them (a summary).</summary>
    DeadTargetsKept,

    // Buffers and references: the decoder's findings (docs/winrt-internals.md §8), ids as the decoder's reason codes.
    BufferPinnedAfterClose,
    BufferHeldByNobody,
    BufferListBroken,
    ReferencePinsClosedBuffer,
    ReferenceOutlivesBuffer,
    ClosedRaisedOnRelease,
    DataPointerLeftInClosedReference,
}

public static class ScanRules
{
    /// <summary>Stable identifier used in JSON and SARIF (kebab case of the name, as reason codes are).</summary>
    public static string Id(this ScanRule rule) => Rendering.JsonText.KebabCase(rule.ToString());

    /// <summary>Target reasons that say the memory a living block points to holds no object any more.</summary>
    private static readonly HashSet<ReasonCode> DanglingReasons =
        [ReasonCode.TargetVfTableNull, ReasonCode.TargetVfTableOutsideImages, ReasonCode.TargetVfTableFillPattern, ReasonCode.TargetFillPattern];

    private static readonly Dictionary<ReasonCode, ScanRule> BufferRules = new()
    {
        [ReasonCode.BufferPinnedAfterClose] = ScanRule.BufferPinnedAfterClose,
        [ReasonCode.BufferHeldByNobody] = ScanRule.BufferHeldByNobody,
        [ReasonCode.BufferListBroken] = ScanRule.BufferListBroken,
        [ReasonCode.ReferencePinsClosedBuffer] = ScanRule.ReferencePinsClosedBuffer,
        [ReasonCode.ReferenceOutlivesBuffer] = ScanRule.ReferenceOutlivesBuffer,
        [ReasonCode.ClosedRaisedOnRelease] = ScanRule.ClosedRaisedOnRelease,
        [ReasonCode.DataPointerLeftInClosedReference] = ScanRule.DataPointerLeftInClosedReference,
    };

    /// <summary>
    /// The findings of a scan: per block at most one (saturated, dangling target, corrupt, destroyed and referenced or
    /// not), per count-mode object a saturated count, per buffer or reference the decoder's findings, and per vftable
    /// one summary of the blocks whose targets are destroyed while weak references remain.
    /// </summary>
    public static IReadOnlyList<ScanFinding> Of(ScanReport scan)
    {
        var report = scan.Blocks;
        var findings = new List<ScanFinding>();
        foreach (var hit in report.Hits)
        {
            bool dangling = hit.StrongCount > 0 && hit.State != WeakReferenceState.ControlBlockDestroyed && hit.Reasons.Any(r => DanglingReasons.Contains(r.Code));
            var f = hit.State switch
            {
                WeakReferenceState.Saturated => new ScanFinding(ScanRule.SaturatedBlock, Severity.Error, hit.Address, hit.Flavour.Id),
                _ when dangling => new ScanFinding(ScanRule.DanglingTarget, Severity.Error, hit.Address, hit.Flavour.Id),
                WeakReferenceState.Corrupt => new ScanFinding(ScanRule.CorruptBlock, Severity.Error, hit.Address, hit.Flavour.Id),
                WeakReferenceState.ControlBlockDestroyed when scan.DestroyedBlockReferences.TryGetValue(hit.Address, out int n) && n > 0 =>
                    new ScanFinding(ScanRule.DestroyedBlockReferenced, Severity.Error, hit.Address, hit.Flavour.Id, n),
                WeakReferenceState.ControlBlockDestroyed => new ScanFinding(ScanRule.DestroyedBlock, Severity.Warning, hit.Address, hit.Flavour.Id),
                _ => null,
            };
            if (f is not null) findings.Add(f);
        }
        foreach (var o in scan.Objects)
            if (!o.PointerMode && o.State == WeakReferenceState.Saturated && o.ObjectStart is { } start)
                findings.Add(new ScanFinding(ScanRule.SaturatedObject, Severity.Error, start, o.Flavour?.Id ?? "?"));
        foreach (var b in scan.Buffers)
            foreach (var bf in b.Findings)
                if (BufferRules.TryGetValue(bf.Reason.Code, out var rule))
                    findings.Add(new ScanFinding(rule, bf.Severity, b.ObjectStart ?? b.Address, b.FlavourId ?? "?", Detail: bf.Reason));
        foreach (var group in report.Hits.Where(h => h.State == WeakReferenceState.TargetDestroyed).GroupBy(h => (h.Flavour.Id, report.VfTableOf(h))))
            findings.Add(new ScanFinding(ScanRule.DeadTargetsKept, Severity.Info, group.First().Address, group.Key.Id, group.Count(), group.Key.Item2));
        return findings;
    }
}
