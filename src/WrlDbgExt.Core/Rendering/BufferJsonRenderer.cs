using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary><c>membuf --json</c>: schema <c>wrldbg.membuf</c> version 1 (Rendering/json-schema.md).</summary>
public static class BufferJsonRenderer
{
    public const string SchemaId = "wrldbg.membuf";
    public const int SchemaVersion = 1;

    public static string Render(BufferVerdict v, int ptr, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented)))
        {
            w.WriteStartObject();
            w.WriteString("schema", SchemaId);
            w.WriteNumber("schemaVersion", SchemaVersion);
            w.WriteString("address", Hex.Json(v.Address));
            w.WriteBoolean("found", v.Found);
            if (v.Kind is { } k) w.WriteString("kind", k == BufferObjectKind.Buffer ? "buffer" : "reference"); else w.WriteNull("kind");
            if (v.FlavourId is { } f) w.WriteString("flavour", f); else w.WriteNull("flavour");
            if (v.Implementation is { } i) w.WriteString("implementation", i); else w.WriteNull("implementation");
            w.WriteString("identity", !v.Found ? "none" : v.Symbols ? "symbols" : "structure");
            w.HexOrNull("objectStart", v.ObjectStart);
            if (v.State is { } s) w.WriteString("state", s.Id()); else w.WriteNull("state");
            w.HexOrNull("stateAddress", v.StateAddress);
            w.HexOrNull("data", v.Data);
            if (v.Capacity is { } c) w.WriteNumber("capacity", c); else w.WriteNull("capacity");
            w.BoolOrNull("bufferClosed", v.BufferClosed);
            w.BoolOrNull("memoryFreed", v.MemoryFreed);
            w.HexOrNull("buffer", v.BufferObject);
            w.BoolOrNull("bufferDestroyed", v.BufferDestroyed);
            w.WriteStartArray("references");
            foreach (var r in v.OpenReferences)
            {
                w.WriteStartObject();
                w.WriteString("address", Hex.Json(r.Address));
                w.WriteString("state", r.State.Id());
                w.WriteNumber("handlers", r.Handlers);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("findings");
            foreach (var finding in v.Findings)
            {
                w.WriteStartObject();
                w.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
                w.WritePropertyName("reason");
                JsonText.WriteReason(w, finding.Reason, ptr);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            JsonText.WriteReasons(w, v.Reasons, ptr);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
