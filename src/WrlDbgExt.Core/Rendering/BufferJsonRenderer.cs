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
            w.StringOrNull("kind", v.Kind is null ? null : v.Kind == BufferObjectKind.Buffer ? "buffer" : "reference");
            w.StringOrNull("flavour", v.FlavourId);
            w.StringOrNull("implementation", v.Implementation);
            w.WriteString("identity", !v.Found ? "none" : v.Symbols ? "symbols" : "structure");
            w.HexOrNull("objectStart", v.ObjectStart);
            w.StringOrNull("state", v.State?.Id());
            w.HexOrNull("stateAddress", v.StateAddress);
            w.HexOrNull("data", v.Data);
            w.NumberOrNull("capacity", v.Capacity);
            w.BoolOrNull("bufferClosed", v.BufferClosed);
            w.BoolOrNull("memoryFreed", v.MemoryFreed);
            w.HexOrNull("buffer", v.BufferObject);
            w.BoolOrNull("bufferDestroyed", v.BufferDestroyed);
            w.BoolOrNull("raisesClosedOnRelease", v.RaisesClosedOnRelease);
            w.HexOrNull("handedOut", v.HandedOut);
            w.WriteStartArray("references");
            foreach (var r in v.OpenReferences)
            {
                w.WriteStartObject();
                w.WriteString("address", Hex.Json(r.Address));
                w.WriteString("state", r.State.Id());
                w.WriteNumber("handlers", r.Handlers);
                w.WriteStartArray("closedHandlers");
                foreach (var h in r.ClosedHandlers)
                {
                    w.WriteStartObject();
                    w.WriteString("handler", Hex.Json(h.Handler));
                    w.WriteNumber("token", h.Token);
                    w.StringOrNull("vftable", h.VfTableSymbol);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteBoolean("handlersCaptured", r.HandlersCaptured);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (v.StaleData is { } stale)
            {
                w.WriteStartObject("staleData");
                w.WriteString("handedOut", Hex.Json(stale.HandedOut));
                w.WriteString("data", Hex.Json(stale.Data));
                w.WriteNumber("capacity", stale.Capacity);
                w.WriteBoolean("memoryFreed", stale.MemoryFreed);
                w.WriteStartArray("holders");
                foreach (var h in stale.Holders) RefsJsonRenderer.WriteHolder(w, h, frames: false);
                w.WriteEndArray();
                w.WriteStartArray("registers");
                foreach (var r in stale.Registers) RefsJsonRenderer.WriteRegister(w, r);
                w.WriteEndArray();
                w.WriteNumber("bytesSearched", stale.Scan.BytesSearched);
                w.WriteNumber("bytesMissing", stale.Scan.BytesMissing);
                w.WriteBoolean("registersSearched", stale.RegistersSearched);
                w.WriteBoolean("truncatedList", stale.Scan.TotalHits > stale.Scan.Hits.Count);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("staleData");
            }
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
