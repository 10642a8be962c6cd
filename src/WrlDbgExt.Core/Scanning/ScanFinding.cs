using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Scanning;

/// <summary>
/// Something a scan found that a user should look at: which rule, how much it matters, where (a block, or for a
/// summary the first block of the group), the flavour and, for summaries, how many blocks it covers.
/// </summary>
public sealed record ScanFinding(ScanRule Rule, Severity Severity, ulong Address, string Flavour, int Count = 1, ulong? VfTable = null);

/// <summary>The rules a scan's findings follow (SARIF's <c>ruleId</c>s).</summary>
public enum ScanRule
{
    /// <summary>A block whose strong count is stuck at its maximum: the target can never be released.</summary>
    SaturatedBlock,

    /// <summary>A block with counts or fields no correct program produces (a freed target still counted, say).</summary>
    CorruptBlock,

    /// <summary>A block its library marked destroyed, still in memory (a holder may still use it).</summary>
    DestroyedBlock,

    /// <summary>Blocks of one vftable whose targets are gone but weak references keep them (a summary).</summary>
    DeadTargetsKept,
}

public static class ScanRules
{
    /// <summary>Stable identifier used in JSON and SARIF.</summary>
    public static string Id(this ScanRule rule) => rule switch
    {
        ScanRule.SaturatedBlock => "saturated-block",
        ScanRule.CorruptBlock => "corrupt-block",
        ScanRule.DestroyedBlock => "destroyed-block",
        ScanRule.DeadTargetsKept => "dead-targets-kept",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>
    /// The findings of a scan's blocks: one per saturated, corrupt or destroyed block, and per vftable one summary of
    /// the blocks whose targets are destroyed while weak references remain.
    /// </summary>
    public static IReadOnlyList<ScanFinding> Of(ScanReport scan)
    {
        var report = scan.Blocks;
        var findings = new List<ScanFinding>();
        foreach (var hit in report.Hits)
        {
            switch (hit.State)
            {
                case WeakReferenceState.Saturated:
                    findings.Add(new ScanFinding(ScanRule.SaturatedBlock, Severity.Error, hit.Address, hit.Flavour.Id));
                    break;
                case WeakReferenceState.Corrupt:
                    findings.Add(new ScanFinding(ScanRule.CorruptBlock, Severity.Error, hit.Address, hit.Flavour.Id));
                    break;
                case WeakReferenceState.ControlBlockDestroyed:
                    findings.Add(new ScanFinding(ScanRule.DestroyedBlock, Severity.Warning, hit.Address, hit.Flavour.Id));
                    break;
            }
        }
        foreach (var group in report.Hits.Where(h => h.State == WeakReferenceState.TargetDestroyed).GroupBy(h => (h.Flavour.Id, report.VfTableOf(h))))
            findings.Add(new ScanFinding(ScanRule.DeadTargetsKept, Severity.Info, group.First().Address, group.Key.Id, group.Count(), group.Key.Item2));
        return findings;
    }
}
