using System.Text;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary><c>obj</c> as DML: the text, escaped, with the object linked to <c>dps</c> and the block to <c>!wrlweak</c>.</summary>
public static class ObjectDmlRenderer
{
    public static string Render(ObjectVerdict v, int ptr, Func<string, string> weakCommand)
    {
        var sb = new StringBuilder(WeakReferenceDmlRenderer.Escape(ObjectTextRenderer.Render(v, ptr)));
        if (v.ObjectStart is { } start)
        {
            string s = Hex.Pointer(start, ptr);
            sb.Replace($"object  : {s}", $"object  : {WeakReferenceDmlRenderer.Link($"dps {s} L{Math.Max(1, (v.ObjectSize ?? (uint)ptr) / (uint)ptr)}", s)}");
        }
        if (v.Block is { } block)
        {
            string b = Hex.Pointer(block.Address, ptr);
            sb.Replace($"control block at {b}:", $"control block at {WeakReferenceDmlRenderer.Link(weakCommand(b), b)}:");
        }
        return sb.ToString();
    }
}
