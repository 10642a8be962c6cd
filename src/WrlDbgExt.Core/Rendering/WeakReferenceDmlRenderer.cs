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
    public static string Render(WeakReferenceVerdict verdict, Func<string, string>? objectCommand = null)
    {
        var layout = verdict.Block.Layout;
        int ptr = layout.PointerSize;
        string block = Hex.Pointer(verdict.Address, ptr);
        // dt needs the type from symbols; without them the block's words are what the engine can show.
        string blockCommand = layout.Module is { } m ? $"dt {m}!{layout.Name} {block}" : $"dps {block} L{layout.Size / (uint)ptr}";

        var sb = new StringBuilder();
        sb.Append(Escape(WeakReferenceTextRenderer.Render(verdict, objectCommand)));
        // Links are added after escaping, on text we produced, so data can never open a tag.
        sb.Replace(Escape($"{layout.Name} at {block}\n"),
            $"{Escape(layout.Name)} at {Link(blockCommand, block)}\n");
        // Only a live, readable target gets a link: a stale one must not invite dereferencing.
        if (verdict.Target is { Readable: true } info)
        {
            string t = Hex.Pointer(info.Address, ptr);
            sb.Replace($"target  : {t}", $"target  : {Link($"dps {t} L4", t)}");
        }
        if (verdict.HintWordAddress is not null && objectCommand is not null)
        {
            string line = objectCommand(Hex.Pointer(verdict.Address, ptr));
            sb.Replace("try: " + Escape(line), "try: " + Link(line, line));
        }
        return sb.ToString();
    }

    /// <summary>Escapes the characters DML gives meaning to; any data goes through here.</summary>
    public static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);

    internal static string Link(string command, string text) => $"<link cmd=\"{Escape(command)}\">{Escape(text)}</link>";
}
