using System.Text;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// The human report of <c>membuf</c>: the object's <c>dt</c> form, what it is, its state, the memory, every open
/// reference (with its own <c>dt</c> form) and the findings. DML is the same text with each reference linking to
/// <c>!membuf</c> of it (<see cref="BufferDmlRenderer"/>).
/// </summary>
public static class BufferTextRenderer
{
    public static string Render(BufferVerdict v, int ptr) => Render(v, ptr, new RefsTextRenderer.PlainMarkup());

    internal static string Render(BufferVerdict v, int ptr, RefsTextRenderer.IMarkup m)
    {
        var sb = new StringBuilder();
        string P(ulong a) => Hex.Pointer(a, ptr);
        if (!v.Found)
        {
            sb.Append(m.Text($"{P(v.Address)}: not an IMemoryBuffer object\n"));
            foreach (var r in v.Reasons) sb.Append(m.Text("  - " + ReasonText.Render(r, ptr) + "\n"));
            return sb.ToString();
        }
        string what = v.Kind == BufferObjectKind.Buffer ? "IMemoryBuffer" : "IMemoryBufferReference";
        if (v.State == BufferState.Opaque)
        {
            sb.Append(m.Text($"{P(v.Address)}: an interface of an OS {what} ({v.Implementation})\n"));
            sb.Append(m.Text($"state   : {StateText(BufferState.Opaque)}\n"));
            AppendNotes(sb, m, v, ptr);
            return sb.ToString();
        }
        sb.Append(m.Text(DtRenderer.RenderValues(v.Object!))).Append(m.Text("\n"));
        sb.Append(m.Text($"{v.Object!.Layout.Name} at {P(v.ObjectStart!.Value)} ({what}, the reference implementation)\n"));
        sb.Append(m.Text($"state   : {StateText(v.State!.Value)}\n"));
        string memory = v.Data is { } d && d != 0 ? $"0x{v.Capacity:x} bytes at {P(d)}" : "none (capacity 0, no data)";
        sb.Append(m.Text($"memory  : {memory}; buffer {(v.BufferClosed == true ? "closed" : "not closed")}; "
            + $"{(v.MemoryFreed == true ? "memory given back" : "memory still held")}\n"));
        if (v.RaisesClosedOnRelease == true)
            sb.Append(m.Text("option  : raises Closed when a reference is released (RaiseClosedOnRelease)\n"));
        if (v.HandedOut is { } given && given != 0)
            sb.Append(m.Text($"handed out: data pointer {P(given)} (the last GetBuffer answer this reference gave)\n"));
        if (v.Kind == BufferObjectKind.Reference)
        {
            sb.Append(m.Text("buffer  : "));
            if (v.BufferObject is { } b && v.BufferDestroyed != true) sb.Append(m.Link($"!membuf {P(b)}", P(b)));
            else sb.Append(m.Text(v.BufferObject is { } gone ? $"{P(gone)}, destroyed" : "unknown"));
            sb.Append(m.Text("\n"));
        }
        else
        {
            sb.Append(m.Text($"references: {v.OpenReferences.Count} open\n"));
            foreach (var r in v.OpenReferences)
            {
                sb.Append(m.Text("  ")).Append(m.Link($"!membuf {P(r.Address)}", P(r.Address)))
                  .Append(m.Text($"  {StateText(r.State)}, {r.Handlers} Closed handler(s)\n"));
                AppendHandlers(sb, m, r, "    ", ptr);
            }
        }
        if (v.Kind == BufferObjectKind.Reference && v.OpenReferences is [{ } self])
        {
            sb.Append(m.Text($"handlers: {self.Handlers} Closed handler(s) registered\n"));
            AppendHandlers(sb, m, self, "  ", ptr);
        }
        if (v.StaleData is { } stale) AppendStaleData(sb, m, stale, ptr);
        AppendNotes(sb, m, v, ptr);
        if (v.Kind == BufferObjectKind.Buffer)
            foreach (var r in v.OpenReferences)
                sb.Append(m.Text($"\nreference at {P(r.Address)}:\n")).Append(m.Text(DtRenderer.RenderValues(r.Snapshot)));
        return sb.ToString();
    }

    /// <summary>The findings with their severity, then the reasons.</summary>
    private static void AppendNotes(StringBuilder sb, RefsTextRenderer.IMarkup m, BufferVerdict v, int ptr)
    {
        foreach (var f in v.Findings)
            sb.Append(m.Text($"  {SeverityText(f.Severity)}: {ReasonText.Render(f.Reason, ptr)}\n"));
        foreach (var r in v.Reasons)
            sb.Append(m.Text("  - " + ReasonText.Render(r, ptr) + "\n"));
    }

    /// <summary>One line per Closed registration: handler (a link to <c>dps</c> of it), token, its vftable's symbol.</summary>
    private static void AppendHandlers(StringBuilder sb, RefsTextRenderer.IMarkup m, BufferReferenceInfo r, string indent, int ptr)
    {
        foreach (var h in r.ClosedHandlers)
            sb.Append(m.Text(indent + "handler ")).Append(m.Link($"dps {Hex.Pointer(h.Handler, ptr)} L1", Hex.Pointer(h.Handler, ptr)))
              .Append(m.Text($"  token {h.Token}{(h.VfTableSymbol is { } s ? "  " + s : "")}\n"));
        if (!r.HandlersCaptured)
            // "of them": the count is the registered total, listed or not ("more" read as beyond it).
            sb.Append(m.Text($"{indent}({r.Handlers - (uint)r.ClosedHandlers.Count} of them not in the dump)\n"));
    }

    /// <summary>
    /// Who still points into the block a closed reference handed out. Places without frames: the engine unwinds and the
    /// CLI can only guess, and both must print the same (<c>!wrlrefs</c> on the holder's object gives frames).
    /// </summary>
    private static void AppendStaleData(StringBuilder sb, RefsTextRenderer.IMarkup m, StaleDataPointers stale, int ptr)
    {
        string block = $"0x{stale.Capacity:x} bytes at {Hex.Pointer(stale.Data, ptr)}";
        int count = stale.Holders.Count + stale.Registers.Count;
        if (count == 0)
        {
            sb.Append(m.Text($"handed-out data: no captured pointer into the {block} ({stale.Scan.BytesSearched} bytes searched"
                + (stale.Scan.BytesMissing > 0 ? $", {stale.Scan.BytesMissing} listed bytes not in the dump" : "") + ")\n"));
            return;
        }
        sb.Append(m.Text($"pointers into the {block} it handed out:\n"));
        foreach (var h in stale.Holders) RefsTextRenderer.AppendHolder(sb, m, h, ptr, frames: false);
        foreach (var r in stale.Registers) sb.Append(m.Text(RefsTextRenderer.RegisterText(r, ptr)));
        if (stale.Scan.TotalHits > stale.Scan.Hits.Count)
            sb.Append(m.Text($"  ... and {stale.Scan.TotalHits - stale.Scan.Hits.Count} more pointers not listed\n"));
    }

    public static string StateText(BufferState state) => state switch
    {
        BufferState.Open => "open",
        BufferState.ClosedWithReferences => "closed, references still open",
        BufferState.Released => "released (closed, every reference gone, memory given back)",
        BufferState.OpenWithHandler => "open, with Closed handlers",
        BufferState.OpenAfterBufferClosed => "open after its buffer was closed",
        BufferState.Closed => "closed",
        BufferState.Empty => "empty (created after its buffer was closed: capacity 0, no data)",
        BufferState.Opaque => "not known (an OS implementation: a dump does not show its state)",
        _ => "corrupt",
    };

    private static string SeverityText(Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "note",
    };
}

/// <summary>The <c>membuf</c> text as DML: each reference and the buffer link to <c>!membuf</c> of it.</summary>
public static class BufferDmlRenderer
{
    public static string Render(BufferVerdict v, int ptr) => BufferTextRenderer.Render(v, ptr, new RefsTextRenderer.DmlMarkup());
}
