using System.Globalization;
using System.Text;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// <c>wrldbg scan</c> as text: a table of control blocks (address, flavour, verdict, counts, target), one of objects
/// (start, flavour, how found, mode, state, strong count, word), one of buffers and references (start, kind, state,
/// open references), then what was searched and the findings.
/// </summary>
public static class ScanTextRenderer
{
    public static string Render(ScanReport report, IReadOnlyList<ScanFinding> findings, int pointerSize)
    {
        var sb = new StringBuilder();
        int width = pointerSize == 8 ? 19 : 10;
        string P(ulong a) => Hex.Pointer(a, pointerSize).PadRight(width);
        static string N(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";
        var hits = report.Blocks.Hits;
        if (hits.Count > 0)
        {
            int stateWidth = Math.Max("state".Length, hits.Select(h => ReasonText.Title(h.State).Length).Max());
            sb.Append("control block".PadRight(width)).Append("  ").Append("flavour".PadRight(10)).Append("  ").Append("state".PadRight(stateWidth)).Append("  ")
                .Append("strong".PadLeft(11)).Append("  ").Append("weak".PadLeft(11)).Append("  target\n");
            foreach (var hit in hits)
            {
                sb.Append(P(hit.Address)).Append("  ").Append(hit.Flavour.Id.PadRight(10)).Append("  ")
                    .Append(ReasonText.Title(hit.State).PadRight(stateWidth)).Append("  ")
                    .Append(N(hit.StrongCount).PadLeft(11)).Append("  ").Append(N(hit.WeakCount).PadLeft(11)).Append("  ")
                    .Append(hit.TargetAddress is { } t ? Hex.Pointer(t, pointerSize) : "-").Append('\n');
            }
            sb.Append('\n');
        }
        if (report.Objects.Count > 0)
        {
            var states = report.Objects.Select(o => o.State is { } s ? ReasonText.Title(s) : "?").ToList();
            int stateWidth = Math.Max("state".Length, states.Max(s => s.Length));
            sb.Append("object".PadRight(width)).Append("  ").Append("flavour".PadRight(10)).Append("  ").Append("found by".PadRight(10)).Append("  ")
                .Append("mode".PadRight(7)).Append("  ").Append("state".PadRight(stateWidth)).Append("  ").Append("strong".PadLeft(11)).Append("  word\n");
            for (int i = 0; i < report.Objects.Count; i++)
            {
                var o = report.Objects[i];
                sb.Append(P(o.ObjectStart ?? o.Address)).Append("  ").Append((o.Flavour?.Id ?? "?").PadRight(10)).Append("  ")
                    .Append(FoundBy(o.Finding).PadRight(10)).Append("  ").Append((o.PointerMode ? "pointer" : "count").PadRight(7)).Append("  ")
                    .Append(states[i].PadRight(stateWidth)).Append("  ").Append(N(o.StrongCount).PadLeft(11)).Append("  ")
                    .Append(o.WordAddress is { } w ? Hex.Pointer(w, pointerSize) : "-").Append('\n');
            }
            sb.Append('\n');
        }
        if (report.Buffers.Count > 0)
        {
            var states = report.Buffers.Select(b => b.State is { } s ? BufferTextRenderer.StateText(s) : "?").ToList();
            int stateWidth = Math.Max("state".Length, states.Max(s => s.Length));
            sb.Append("buffer object".PadRight(width)).Append("  ").Append("kind".PadRight(9)).Append("  ").Append("state".PadRight(stateWidth)).Append("  ")
                .Append("open refs".PadLeft(9)).Append("  data\n");
            for (int i = 0; i < report.Buffers.Count; i++)
            {
                var b = report.Buffers[i];
                sb.Append(P(b.ObjectStart ?? b.Address)).Append("  ").Append((b.Kind == BufferObjectKind.Buffer ? "buffer" : "reference").PadRight(9)).Append("  ")
                    .Append(states[i].PadRight(stateWidth)).Append("  ")
                    .Append((b.Kind == BufferObjectKind.Buffer ? b.OpenReferences.Count.ToString(CultureInfo.InvariantCulture) : "-").PadLeft(9)).Append("  ")
                    .Append(b.Data is { } d ? $"{Hex.Pointer(d, pointerSize)} ({(b.Capacity ?? 0).ToString(CultureInfo.InvariantCulture)} bytes)" : "-").Append('\n');
            }
            sb.Append('\n');
        }
        var m = report.Memory;
        sb.Append(Count(hits.Count, "control block")).Append(", ").Append(Count(report.Objects.Count, "object")).Append(", ")
            .Append(Count(report.Buffers.Count, "buffer or reference", "buffers or references"));
        sb.Append($"; {report.Blocks.Candidates} vfptr candidates decoded; {m.BytesSearched} of {m.BytesListed} listed bytes searched");
        if (m.BytesMissing > 0) sb.Append($", {m.BytesMissing} not in the dump");
        if (m.Cancelled) sb.Append("; interrupted");
        if (report.Blocks.ImagesSkipped.Count is int skipped and > 0)
            sb.Append($"; {skipped} listed module{(skipped == 1 ? "" : "s")} not taken as image{(skipped == 1 ? "" : "s")} (a base not 64 KiB-aligned, or a range holding another module's base)");
        sb.Append('\n');
        sb.Append(findings.Count == 0 ? "no findings\n" : $"{findings.Count} finding{(findings.Count == 1 ? "" : "s")}:\n");
        int ruleWidth = findings.Select(f => f.Rule.Id().Length).DefaultIfEmpty(0).Max() + 2;
        foreach (var f in findings)
            sb.Append("  ").Append(ScanFindingText.Level(f.Severity).PadRight(8)).Append(f.Rule.Id().PadRight(ruleWidth)).Append(ScanFindingText.Message(f, pointerSize)).Append('\n');
        return sb.ToString();
    }

    private static string Count(int n, string one, string? many = null) =>
        $"{n.ToString(CultureInfo.InvariantCulture)} {(n == 1 ? one : many ?? one + "s")}";

    private static string FoundBy(ObjectFinding finding) => finding switch
    {
        ObjectFinding.Symbols => "symbols",
        ObjectFinding.BackLink => "back-link",
        ObjectFinding.Sibling => "sibling",
        ObjectFinding.Shape => "shape",
        _ => "?",
    };
}
