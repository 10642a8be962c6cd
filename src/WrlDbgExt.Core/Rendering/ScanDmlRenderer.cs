using System.Text;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// <c>!wrlscan</c> as DML: the text report, escaped, where every hit's address links to the command that inspects it
/// (blocks to <c>!wrlweak</c>, objects to <c>!wrlobj</c>, buffers and references to <c>!membuf</c>), and so does the
/// address a finding names. Stripped of its tags the markup is the text report.
/// </summary>
public static class ScanDmlRenderer
{
    /// <summary>Which command inspects a hit of a kind.</summary>
    public enum HitKind
    {
        Block,
        Object,
        Buffer,
    }

    /// <param name="scan">The scan, its hits already filtered.</param>
    /// <param name="findings">The findings to list (already filtered).</param>
    /// <param name="pointerSize">The target's pointer size in bytes.</param>
    /// <param name="command">This host's command line for inspecting an address of a kind (e.g. <c>!wrlweak 0x…</c>).</param>
    public static string Render(ScanReport scan, IReadOnlyList<ScanFinding> findings, int pointerSize, Func<HitKind, string, string> command)
    {
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(HitKind kind, ulong address)
        {
            string at = Hex.Pointer(address, pointerSize);
            links.TryAdd(at, command(kind, at)); // a block wins over an object at the same address: it is listed first
        }
        foreach (var hit in scan.Blocks.Hits) Add(HitKind.Block, hit.Address);
        foreach (var o in scan.Objects) Add(HitKind.Object, ObjectAt(o));
        foreach (var b in scan.Buffers) Add(HitKind.Buffer, BufferAt(b));

        string text = ScanTextRenderer.Render(scan, findings, pointerSize);
        var sb = new StringBuilder();
        foreach (var line in Lines(text))
            sb.Append(LinkLine(line, links));

        return sb.ToString();
    }

    private static ulong ObjectAt(ObjectVerdict o) => o.ObjectStart ?? o.Address;

    private static ulong BufferAt(BufferVerdict b) => b.ObjectStart ?? b.Address;

    private static IEnumerable<string> Lines(string text)
    {
        int start = 0;
        while (start < text.Length)
        {
            int end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            yield return text[start..end];
            start = end;
        }
    }

    /// <summary>
    /// The line escaped, with its first hit address linked: a listing line starts with it, a finding names it.
    /// Links go in after escaping, on addresses we printed, so data can never open a tag.
    /// </summary>
    private static string LinkLine(string line, Dictionary<string, string> links)
    {
        int i = 0;
        while ((i = line.IndexOf("0x", i, StringComparison.Ordinal)) >= 0)
        {
            int end = i + 2;
            while (end < line.Length && (char.IsAsciiHexDigit(line[end]) || line[end] == '`')) end++;
            string at = line[i..end];
            if (links.TryGetValue(at, out var command))
            {
                return WeakReferenceDmlRenderer.Escape(line[..i]) + WeakReferenceDmlRenderer.Link(command, at) + WeakReferenceDmlRenderer.Escape(line[end..]);
            }
            i = end;
        }
        return WeakReferenceDmlRenderer.Escape(line);
    }
}
