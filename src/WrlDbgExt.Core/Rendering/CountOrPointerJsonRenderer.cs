using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>JSON for a count-or-pointer word (schema <c>wrldbg.count-or-pointer</c>, documented in json-schema.md).</summary>
public static class CountOrPointerJsonRenderer
{
    public const string SchemaId = "wrldbg.count-or-pointer";
    public const int SchemaVersion = 1;

    public static string Render(ulong address, CountOrPointerWord word, WeakReferenceVerdict? block, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schema", SchemaId);
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WriteString("address", Hex.Json(address));
            w.WriteString("raw", Hex.Json(word.Raw));
            w.WriteString("mode", word.IsPointer ? "pointer" : "count");
            if (word.IsPointer) w.WriteNull("count"); else w.WriteNumber("count", word.Count);
            if (word.IsPointer) w.WriteString("controlBlockAddress", Hex.Json(word.ControlBlock)); else w.WriteNull("controlBlockAddress");
            w.WritePropertyName("controlBlock");
            if (block is null) w.WriteNullValue(); else WeakReferenceJsonRenderer.Write(w, block);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
