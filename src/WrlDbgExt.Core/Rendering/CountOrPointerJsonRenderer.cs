using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>JSON for a count-or-pointer word (schema <c>wrldbg.count-or-pointer</c>, documented in json-schema.md).</summary>
public static class CountOrPointerJsonRenderer
{
    public const string SchemaId = "wrldbg.count-or-pointer";
    public const int SchemaVersion = 2;

    public static string Render(CountOrPointerReport report, bool indented = true)
    {
        var word = report.Word;
        int ptr = word.PointerSize;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented)))
        {
            w.WriteStartObject();
            w.WriteString("schema", SchemaId);
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WriteString("address", Hex.Json(report.Address));
            w.WriteString("raw", Hex.Json(word.Raw));
            w.WriteString("mode", word.IsPointer ? "pointer" : "count");
            w.WriteBoolean("plausible", report.Plausible);
            if (word.IsPointer) w.WriteNull("count"); else w.WriteNumber("count", word.Count);
            if (word.IsPointer) w.WriteString("controlBlockAddress", Hex.Json(word.ControlBlock)); else w.WriteNull("controlBlockAddress");
            JsonText.WriteReasons(w, report.Reasons, ptr);
            w.WritePropertyName("controlBlock");
            if (report.Block is null) w.WriteNullValue(); else WeakReferenceJsonRenderer.Write(w, report.Block);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
