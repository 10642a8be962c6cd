using System.Text;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// The text report as Debugger Markup Language: the same lines, every piece of data escaped, and
/// links from addresses to the commands that inspect them (<c>dt</c> of the block, <c>!wrlweak</c>
/// of a word, <c>dps</c> of a live target). Console debuggers show the text; WinDbg makes links.
/// </summary>
public static class WeakReferenceDmlRenderer
{
    public static string Render(WeakReferenceVerdict verdict)
    {
        var layout = verdict.Block.Layout;
        int ptr = layout.PointerSize;
        string block = Hex.Pointer(verdict.Address, ptr);
        string typeRef = layout.Module is { } m ? $"{m}!{layout.Name}" : layout.Name;

        var sb = new StringBuilder();
        sb.Append(Escape(WeakReferenceTextRenderer.Render(verdict)));
        // Links are added after escaping, on text we produced, so data can never open a tag.
        sb.Replace(Escape($"{layout.Name} at {block}\n"),
            $"{Escape(layout.Name)} at {Link($"dt {typeRef} {block}", block)}\n");
        if (verdict.TargetAddress is { } target && target != 0)
        {
            string t = Hex.Pointer(target, ptr);
            string command = verdict.Target is { Readable: true } ? $"dps {t} L4" : $"!wrlweak {block}";
            sb.Replace($"target  : {t}", $"target  : {Link(command, t)}");
        }
        return sb.ToString();
    }

    /// <summary>Escapes the characters DML gives meaning to; any data goes through here.</summary>
    public static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Link(string command, string text) => $"<link cmd=\"{Escape(command)}\">{Escape(text)}</link>";
}
