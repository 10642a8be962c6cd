using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// <c>wrldbg scan --json</c>: JSON lines: one <c>wrldbg.weak-reference</c> document per block, one <c>wrldbg.object</c>
/// per object, one <c>wrldbg.membuf</c> per buffer or reference, then one <c>wrldbg.scan-finding</c> document per
/// finding (json-schema.md).
/// </summary>
public static class ScanJsonRenderer
{
    public const int FindingSchemaVersion = 1;

    public static string Render(ScanReport report, IReadOnlyList<ScanFinding> findings, int pointerSize)
    {
        var lines = new StringBuilder();
        foreach (var hit in report.Blocks.Hits) lines.Append(WeakReferenceJsonRenderer.Render(hit, indented: false)).Append('\n');
        foreach (var o in report.Objects) lines.Append(ObjectJsonRenderer.Render(o, pointerSize, indented: false)).Append('\n');
        foreach (var b in report.Buffers) lines.Append(BufferJsonRenderer.Render(b, pointerSize, indented: false)).Append('\n');
        foreach (var f in findings)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented: false)))
            {
                w.WriteStartObject();
                w.WriteString("schema", "wrldbg.scan-finding");
                w.WriteNumber("schemaVersion", FindingSchemaVersion);
                WriteFindingFields(w, f, pointerSize);
                w.WriteEndObject();
            }
            lines.Append(Encoding.UTF8.GetString(stream.ToArray())).Append('\n');
        }
        return lines.ToString();
    }

    /// <summary>A finding's fields (rule, severity, address, flavour, count, vftable, text), shared with triage's documents.</summary>
    public static void WriteFindingFields(Utf8JsonWriter w, ScanFinding f, int pointerSize)
    {
        w.WriteString("rule", f.Rule.Id());
        w.WriteString("severity", ScanFindingText.Level(f.Severity));
        w.WriteString("address", Hex.Json(f.Address));
        w.WriteString("flavour", f.Flavour);
        w.WriteNumber("count", f.Count);
        w.HexOrNull("vftable", f.VfTable);
        w.WriteString("text", ScanFindingText.Message(f, pointerSize));
    }
}
