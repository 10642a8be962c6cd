using System.Globalization;
using System.Text;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Holders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// The human report of <c>refs</c>: the object and block searched for, the counts beside the holders found,
/// what was searched and what could not be, then one line per holder. DML is the same text with links
/// (<see cref="RefsDmlRenderer"/>).
/// </summary>
public static class RefsTextRenderer
{
    public static string Render(RefsReport report) => Render(report, new PlainMarkup());

    internal static string Render(RefsReport report, IMarkup m)
    {
        int ptr = report.PointerSize;
        var o = report.Object;
        var sb = new StringBuilder();
        string P(ulong a) => Hex.Pointer(a, ptr);
        sb.Append(m.Text($"holders of {P(report.Address)}\n"));

        if (report.AddressOnly)
        {
            sb.Append(m.Text($"object  : none found at {P(report.Address)} ({FindingText(o.Finding)}): searched for pointers to that address itself only; "
                + "the object's other interface pointers and its control block are not known\n"));
            foreach (var reason in o.Reasons)
                sb.Append(m.Text("  - " + ReasonText.Render(reason, ptr) + "\n"));
        }
        else
        {
            var obj = report.Ranges.FirstOrDefault(r => r.Part == HeldPart.Object);
            if (obj is not null)
            {
                var what = new List<string>();
                if (o.Flavour is { } f) what.Add(f.Id);
                if (o.ClassName is { } c) what.Add(c);
                what.Add($"0x{obj.Size:x} bytes");
                what.Add(FindingText(o.Finding));
                sb.Append(m.Text("object  : ")).Append(m.Link($"!wrlobj {P(obj.Start)}", P(obj.Start)))
                  .Append(m.Text($" ({string.Join(", ", what)})"));
                if (o.InterfacePointers.Count > 0)
                    sb.Append(m.Text("; interface pointers " + string.Join(", ", o.InterfacePointers.Select(P))));
                sb.Append(m.Text("\n"));
            }
            if (o.Block is { } b)
                sb.Append(m.Text("block   : ")).Append(m.Link($"!wrlweak {P(b.Address)}", P(b.Address)))
                  .Append(m.Text($" ({b.Block.Layout.Name}, 0x{b.Block.Layout.Size:x} bytes): {ReasonText.Title(b.State)}\n"));
        }

        sb.Append(m.Text($"counts  : {CountsText(report)}\n"));
        sb.Append(m.Text($"searched: {SearchedText(report.Scan)}\n"));
        sb.Append(m.Text($"not seen: {NotSearchedText(report)}\n"));

        foreach (var part in new[] { HeldPart.Object, HeldPart.ControlBlock, HeldPart.Address })
        {
            var list = report.Of(part).ToList();
            if (list.Count == 0) continue;
            sb.Append(m.Text(part switch
            {
                HeldPart.Object => "\npointers into the object (candidate strong holders):\n",
                HeldPart.ControlBlock => "\npointers to the control block (weak holders):\n",
                _ => $"\npointers to {P(report.Address)}:\n",
            }));
            foreach (var h in list) AppendHolder(sb, m, h, ptr);
        }
        if (report.Registers.Count > 0)
        {
            sb.Append(m.Text("\nin registers (as captured):\n"));
            foreach (var r in report.Registers)
                sb.Append(m.Text(RegisterText(r, ptr)));
        }
        if (report.Scan.TotalHits > report.Scan.Hits.Count)
            sb.Append(m.Text($"  ... and {report.Scan.TotalHits - report.Scan.Hits.Count} more pointers not listed (the first {PointerScanner.MaxHits} are)\n"));

        if (report.SelfLinks.Count > 0)
        {
            sb.Append(m.Text("\nlinks inside the object and its block (not holders):\n"));
            foreach (var h in report.SelfLinks)
            {
                var inside = report.Ranges.First(r => r.Contains(h.Address));
                sb.Append(m.Text("  ")).Append(m.Link($"dps {P(h.Address)} L1", P(h.Address)))
                  .Append(m.Text($" ({PartName(inside.Part)}+0x{h.Address - inside.Start:x}) -> {Target(h, ptr)}\n"));
            }
        }
        return sb.ToString();
    }

    /// <summary>"strong 2: 3 candidate holders (2 on the stack of thread 0x1a2c, 1 in heap or other private memory); weak holders 3: 3 pointers to the block".</summary>
    public static string CountsText(RefsReport report)
    {
        if (report.AddressOnly)
            return $"{Plural(report.Holders.Count + report.Registers.Count, "pointer")} to it{Breakdown(report.Holders, [.. report.Registers])}";
        var o = report.Object;
        var parts = new List<string>();
        if (report.Ranges.Any(r => r.Part == HeldPart.Object))
        {
            var strong = report.Of(HeldPart.Object).ToList();
            var registers = report.RegistersOf(HeldPart.Object).ToList();
            string count = o.StrongCount is { } s ? $"strong {s}" : "strong count unknown";
            parts.Add($"{count}: {Plural(strong.Count + registers.Count, "candidate holder")}{Breakdown(strong, registers)}");
        }
        if (report.Ranges.Any(r => r.Part == HeldPart.ControlBlock))
        {
            var weak = report.Of(HeldPart.ControlBlock).ToList();
            var registers = report.RegistersOf(HeldPart.ControlBlock).ToList();
            string count = o.Block?.WeakHolders is { } w ? $"weak holders {w}" : "weak holders unknown";
            parts.Add($"{count}: {Plural(weak.Count + registers.Count, "pointer")} to the block{Breakdown(weak, registers)}");
        }
        return string.Join("; ", parts);
    }

    private static string Breakdown(IReadOnlyCollection<Holder> holders, IReadOnlyCollection<RegisterHolder> registers)
    {
        if (holders.Count == 0 && registers.Count == 0) return "";
        var groups = new List<string>();
        foreach (var t in registers.GroupBy(r => r.ThreadId))
            groups.Add($"{t.Count()} in {(t.Count() == 1 ? "a register" : "registers")} of thread 0x{t.Key:x}");
        foreach (var t in holders.Where(h => h.Place == HolderPlace.Stack).GroupBy(h => h.ThreadId))
            groups.Add($"{t.Count()} on the stack of thread 0x{t.Key:x}");
        int image = holders.Count(h => h.Place == HolderPlace.Image);
        if (image > 0) groups.Add($"{image} in module data");
        int other = holders.Count(h => h.Place == HolderPlace.Other);
        if (other > 0) groups.Add($"{other} in heap or other private memory");
        return $" ({string.Join(", ", groups)})";
    }

    public static string SearchedText(ScanResult scan)
    {
        var text = $"{Bytes(scan.BytesSearched)} in {Plural(scan.Regions, "captured range")} (listed: {Bytes(scan.BytesListed)})";
        if (scan.BytesMissing > 0) text += $"; {Bytes(scan.BytesMissing)} listed but not readable (beyond the end of a truncated file, or holes)";
        if (scan.Cancelled) text += "; interrupted before the end";
        return text;
    }

    public static string NotSearchedText(RefsReport report)
    {
        var text = report.RegistersSearched
            ? "memory the target does not hold (a dump holds only what it captured); registers are searched as captured (a dump: each thread's context when it was written)"
            : "memory the target does not hold (a dump holds only what it captured) and the registers of threads whose context is not known";
        if (!report.ThreadsKnown) text += "; the target lists no threads, so stack holders read as other memory";
        else if (!report.HostUnwinds) text += "; no unwinder here: a frame is at best a guess from a return-address-looking word";
        return text;
    }

    /// <summary>
    /// "  0x… -> object+0x8  stack of thread 0x668 at sp+0x28, frame #01 …" (the address links to <c>dps</c>); without
    /// <paramref name="frames"/> the stack place stops at the depth (where hosts must print the same: the engine
    /// unwinds, the CLI guesses).
    /// </summary>
    internal static void AppendHolder(StringBuilder sb, IMarkup m, Holder h, int ptr, bool frames = true) =>
        sb.Append(m.Text("  ")).Append(m.Link($"dps {Hex.Pointer(h.Address, ptr)} L1", Hex.Pointer(h.Address, ptr)))
          .Append(m.Text($" -> {Target(h, ptr)}  {PlaceText(h, ptr, frames)}\n"));

    internal static string RegisterText(RegisterHolder r, int ptr) =>
        $"  {r.Register} of thread 0x{r.ThreadId:x} = {Hex.Pointer(r.Value, ptr)} -> {PartName(r.Held.Part)}+0x{r.OffsetInHeld:x}\n";

    internal static string Target(Holder h, int ptr) => $"{PartName(h.Held.Part)}+0x{h.OffsetInHeld:x}";

    private static string PartName(HeldPart part) => part switch
    {
        HeldPart.Object => "object",
        HeldPart.ControlBlock => "block",
        HeldPart.BufferData => "data",
        _ => "address",
    };

    public static string PlaceText(Holder h, int ptr, bool frames = true)
    {
        switch (h.Place)
        {
            case HolderPlace.Stack:
                string depth = h.AboveStackPointer switch
                {
                    { } above when above >= 0 => $" at sp+0x{above:x}",
                    { } below => $" at sp-0x{-below:x}",
                    _ => "",
                };
                return frames ? $"stack of thread 0x{h.ThreadId:x}{depth}, {FrameText(h.Frame, ptr)}" : $"stack of thread 0x{h.ThreadId:x}{depth}";
            case HolderPlace.Image:
                string at = $"{h.Module}+0x{h.ModuleOffset:x}";
                return h.Symbol is { } s
                    ? $"module data: {s}{(h.SymbolDisplacement is > 0 ? $"+0x{h.SymbolDisplacement:x}" : "")} ({at})"
                    : $"module data: {at}";
            default:
                return h.RegionStart is { } r
                    ? $"heap or other private memory (captured range at {Hex.Pointer(r, ptr)})"
                    : "heap or other private memory";
        }
    }

    private static string FrameText(HolderFrame? frame, int ptr) => frame?.Kind switch
    {
        FrameKind.Unwound => $"frame #{frame.Number:x2}{(frame.Symbol is { } s ? " " + s : "")}",
        FrameKind.BelowInnermost => "below the innermost frame's stack pointer (dead or unused stack space)",
        FrameKind.Guess => $"frame unknown (guess: return address {frame.Symbol} at {Hex.Pointer(frame.ReturnAddressAt ?? 0, ptr)})",
        _ => "frame unknown",
    };

    private static string FindingText(ObjectFinding finding) => finding switch
    {
        ObjectFinding.Symbols => "found by symbols",
        ObjectFinding.BackLink => "found by back-link",
        ObjectFinding.Shape => "found by shape",
        ObjectFinding.Sibling => "found by a sibling's vtables",
        ObjectFinding.Unreadable => "the address is not in the target's memory",
        _ => "the decoder found no count-or-pointer word near it",
    };

    private static string Bytes(ulong n) => n >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{n} bytes ({n / 1048576.0:0.0} MiB)")
        : string.Create(CultureInfo.InvariantCulture, $"{n} bytes");

    private static string Plural(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>How text and links are written: plain, or DML.</summary>
    internal interface IMarkup
    {
        string Text(string text);

        string Link(string command, string text);
    }

    internal sealed class PlainMarkup : IMarkup
    {
        public string Text(string text) => text;

        public string Link(string command, string text) => text;
    }

    internal sealed class DmlMarkup : IMarkup
    {
        public string Text(string text) => WeakReferenceDmlRenderer.Escape(text);

        public string Link(string command, string text) => WeakReferenceDmlRenderer.Link(command, text);
    }
}

/// <summary>The <c>refs</c> text as DML: every holder links to <c>dps</c> of its word, the object to <c>!wrlobj</c>.</summary>
public static class RefsDmlRenderer
{
    public static string Render(RefsReport report) => RefsTextRenderer.Render(report, new RefsTextRenderer.DmlMarkup());
}
