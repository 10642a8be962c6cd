using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Scanning;

/// <summary>Everything a whole-target scan found: control blocks, weak-capable objects, buffers and references, and the findings.</summary>
/// <param name="Blocks">The control blocks (<see cref="BlockScanner"/>) and the memory searched.</param>
/// <param name="Objects">Weak-capable objects, by object start.</param>
/// <param name="Buffers">IMemoryBuffer and IMemoryBufferReference objects, by object start.</param>
public sealed record ScanReport(BlockScanReport Blocks, IReadOnlyList<ObjectVerdict> Objects, IReadOnlyList<BufferVerdict> Buffers)
{
    public ScanResult Memory => Blocks.Memory;

    /// <summary>Every finding, most severe first (then by address).</summary>
    public IReadOnlyList<ScanFinding> Findings { get; init; } = [];
}

/// <summary>The one entry point hosts use (scan, triage, !wrlscan, analyze): every hit of every kind, and its findings.</summary>
public static class TargetScanner
{
    public static ScanReport? Scan(ITargetMemory target, ILayoutSource layouts, Func<bool>? cancelled = null)
    {
        if (BlockScanner.Scan(target, layouts, cancelled) is not { } blocks) return null;
        var report = new ScanReport(blocks, [], []);
        return report with { Findings = ScanRules.Of(report) };
    }
}
