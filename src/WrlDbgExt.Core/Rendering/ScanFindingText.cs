using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>The English of scan findings and of their rules (for the text form and SARIF's rule descriptions).</summary>
public static class ScanFindingText
{
    public static string Rule(ScanRule rule) => rule switch
    {
        ScanRule.SaturatedBlock => "A control block's strong count is saturated: its target can never be released (a leak).",
        ScanRule.CorruptBlock => "A control block holds counts or fields no correct program produces.",
        ScanRule.DestroyedBlock => "A control block its library marked destroyed is still in memory; a holder may still use it.",
        ScanRule.DeadTargetsKept => "Control blocks whose targets are destroyed are kept alive by weak references.",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static string Message(ScanFinding f, int pointerSize) => f.Rule switch
    {
        ScanRule.SaturatedBlock => $"{f.Flavour} control block at {Hex.Pointer(f.Address, pointerSize)}: strong count saturated, the target can never be released",
        ScanRule.CorruptBlock => $"{f.Flavour} control block at {Hex.Pointer(f.Address, pointerSize)} is corrupt (see `wrldbg weak` for its reasons)",
        ScanRule.DestroyedBlock => $"{f.Flavour} control block at {Hex.Pointer(f.Address, pointerSize)} was destroyed and is still in memory",
        ScanRule.DeadTargetsKept => $"{f.Count} {f.Flavour} control block{(f.Count == 1 ? "" : "s")}"
            + (f.VfTable is { } v ? $" with vftable {Hex.Pointer(v, pointerSize)}" : "")
            + $" {(f.Count == 1 ? "keeps a destroyed target" : "keep destroyed targets")} for weak references (first at {Hex.Pointer(f.Address, pointerSize)})",
        _ => throw new ArgumentOutOfRangeException(nameof(f)),
    };

    public static string Level(Decoders.Severity severity) => severity.ToString().ToLowerInvariant();
}
