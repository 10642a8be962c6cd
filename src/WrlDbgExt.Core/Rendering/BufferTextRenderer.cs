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
        sb.Append(m.Text(DtRenderer.RenderValues(v.Object!))).Append(m.Text("\n"));
        string what = v.Kind == BufferObjectKind.Buffer ? "IMemoryBuffer" : "IMemoryBufferReference";
        sb.Append(m.Text($"{v.Object!.Layout.Name} at {P(v.ObjectStart!.Value)} ({what}, the reference implementation)\n"));
        sb.Append(m.Text($"state   : {StateText(v.State!.Value)}\n"));
        string memory = v.Data is { } d && d != 0 ? $"0x{v.Capacity:x} bytes at {P(d)}" : "none (capacity 0, no data)";
        sb.Append(m.Text($"memory  : {memory}; buffer {(v.BufferClosed == true ? "closed" : "not closed")}; "
            + $"{(v.MemoryFreed == true ? "memory given back" : "memory still held")}\n"));
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
                sb.Append(m.Text("  ")).Append(m.Link($"!membuf {P(r.Address)}", P(r.Address)))
                  .Append(m.Text($"  {StateText(r.State)}, {r.Handlers} Closed handler(s)\n"));
        }
        if (v.Kind == BufferObjectKind.Reference && v.OpenReferences is [{ } self])
            sb.Append(m.Text($"handlers: {self.Handlers} Closed handler(s) registered\n"));
        foreach (var f in v.Findings)
            sb.Append(m.Text($"  {SeverityText(f.Severity)}: {ReasonText.Render(f.Reason, ptr)}\n"));
        foreach (var r in v.Reasons)
            sb.Append(m.Text("  - " + ReasonText.Render(r, ptr) + "\n"));
        if (v.Kind == BufferObjectKind.Buffer)
            foreach (var r in v.OpenReferences)
                sb.Append(m.Text($"\nreference at {P(r.Address)}:\n")).Append(m.Text(DtRenderer.RenderValues(r.Snapshot)));
        return sb.ToString();
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
