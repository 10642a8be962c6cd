using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>The English of scan findings and of their rules (for the text form and SARIF's rule descriptions).</summary>
public static class ScanFindingText
{
    public static string Rule(ScanRule rule) => rule switch
    {
        ScanRule.SaturatedBlock => "A control block's strong count is saturated: its target can never be released (a leak).",
        ScanRule.SaturatedObject => "A count-mode object's reference count is saturated: it can never be released (a leak).",
        ScanRule.DanglingTarget => "A control block counts strong references to a target whose memory no longer holds an object.",
        ScanRule.CorruptBlock => "A control block holds counts or fields no correct program produces.",
        ScanRule.DestroyedBlockReferenced => "A control block its library marked destroyed is still pointed to: a holder may still use it.",
        ScanRule.DestroyedBlock => "A control block its library marked destroyed is still in memory; nothing captured points to it.",
        ScanRule.DeadTargetsKept => "Control blocks whose targets are destroyed are kept alive by weak references.",
        ScanRule.BufferPinnedAfterClose => "An IMemoryBuffer was closed while references are open: they pin its memory.",
        ScanRule.BufferHeldByNobody => "A closed IMemoryBuffer with no open reference still holds its memory.",
        ScanRule.BufferListBroken => "An IMemoryBuffer's list of open references loops or runs past the limit.",
        ScanRule.ReferencePinsClosedBuffer => "An IMemoryBufferReference is open after its buffer was closed and pins the memory.",
        ScanRule.ReferenceOutlivesBuffer => "An IMemoryBufferReference is open but its buffer object is gone.",
        ScanRule.ClosedRaisedOnRelease => "Closed handlers on an implementation that raises Closed when a reference is released.",
        ScanRule.DataPointerLeftInClosedReference => "A closed IMemoryBufferReference handed out its data pointer and captured words still point into the block.",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static string Message(ScanFinding f, int pointerSize)
    {
        string at = Hex.Pointer(f.Address, pointerSize);
        return f.Rule switch
        {
            ScanRule.SaturatedBlock => $"{f.Flavour} control block at {at}: strong count saturated, the target can never be released",
            ScanRule.SaturatedObject => $"{f.Flavour} object at {at}: reference count saturated, it can never be released",
            ScanRule.DanglingTarget => $"{f.Flavour} control block at {at} counts strong references to a target that is no longer an object (see `wrldbg weak`)",
            ScanRule.CorruptBlock => $"{f.Flavour} control block at {at} is corrupt (see `wrldbg weak` for its reasons)",
            ScanRule.DestroyedBlockReferenced => $"{f.Flavour} control block at {at} was destroyed and {f.Count} captured word{(f.Count == 1 ? " still points" : "s still point")} into it (`wrldbg refs` or `!wrlrefs` lists {(f.Count == 1 ? "it" : "them")})",
            ScanRule.DestroyedBlock => $"{f.Flavour} control block at {at} was destroyed and is still in memory; nothing captured points to it",
            ScanRule.DeadTargetsKept => $"{f.Count} {f.Flavour} control block{(f.Count == 1 ? "" : "s")}"
                + (f.VfTable is { } v ? $" with vftable {Hex.Pointer(v, pointerSize)}" : "")
                + $" {(f.Count == 1 ? "keeps a destroyed target" : "keep destroyed targets")} for weak references (first at {at})",
            _ when f.Detail is { } reason => $"{(f.Flavour == "memory-buffer" ? "buffer" : "reference")} at {at}: {ReasonText.Render(reason, pointerSize)}",
            _ => $"{f.Flavour} at {at}: {Rule(f.Rule)}",
        };
    }

    public static string Level(Decoders.Severity severity) => severity.ToString().ToLowerInvariant();
}
