using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary><c>obj --json</c>: schema <c>wrldbg.object</c> (Rendering/json-schema.md).</summary>
public static class ObjectJsonRenderer
{
    public const string SchemaId = "wrldbg.object";
    public const int SchemaVersion = 1;

    public static string Render(ObjectVerdict v, int ptr, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented)))
            Write(w, v, ptr);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, ObjectVerdict v, int ptr)
    {
        w.WriteStartObject();
        w.WriteString("schema", SchemaId);
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("address", Hex.Json(v.Address));
        w.WriteBoolean("found", v.Found);
        w.WriteString("finding", v.Finding switch
        {
            ObjectFinding.Symbols => "symbols",
            ObjectFinding.BackLink => "back-link",
            ObjectFinding.Shape => "shape",
            ObjectFinding.Sibling => "sibling",
            ObjectFinding.Unreadable => "unreadable",
            _ => "not-found",
        });
        if (v.Flavour is { } f) w.WriteString("flavour", f.Id); else w.WriteNull("flavour");
        if (v.ClassName is { } c) w.WriteString("class", c); else w.WriteNull("class");
        w.HexOrNull("objectStart", v.ObjectStart);
        w.NumberOrNull("objectSize", v.ObjectSize);
        w.WriteStartArray("interfaces");
        foreach (var i in v.InterfacePointers) w.WriteStringValue(Hex.Json(i));
        w.WriteEndArray();
        w.HexOrNull("wordAddress", v.WordAddress);
        w.HexOrNull("wordRaw", v.WordRaw);
        if (v.WordField is { } field) w.WriteString("wordField", field); else w.WriteNull("wordField");
        if (v.Found) w.WriteString("mode", v.PointerMode ? "pointer" : "count"); else w.WriteNull("mode");
        if (v.State is { } s) w.WriteString("state", s.Id()); else w.WriteNull("state");
        w.NumberOrNull("strongCount", v.StrongCount);
        w.NumberOrNull("weakCount", v.WeakCount);
        w.NumberOrNull("weakHolders", v.Block?.WeakHolders);
        w.WriteStartObject("searched");
        w.WriteString("from", Hex.Json(v.SearchStart));
        w.WriteString("to", Hex.Json(v.SearchEnd));
        w.WriteEndObject();
        JsonText.WriteReasons(w, v.Reasons, ptr);
        if (v.Block is { } block)
        {
            w.WritePropertyName("controlBlock");
            WeakReferenceJsonRenderer.Write(w, block);
        }
        else
        {
            w.WriteNull("controlBlock");
        }
        w.WriteEndObject();
    }
}
