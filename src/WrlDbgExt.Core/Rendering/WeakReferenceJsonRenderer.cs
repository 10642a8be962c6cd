using System.Text;
using WrlDbgExt.Core.Targets;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// Machine-readable form of a verdict; the schema is documented in Rendering/json-schema.md.
/// Written with Utf8JsonWriter (no reflection) so trimmed and AOT hosts produce identical output.
/// </summary>
public static class WeakReferenceJsonRenderer
{
    public const string SchemaId = "wrldbg.weak-reference";
    public const int SchemaVersion = 2;

    public static string Render(WeakReferenceVerdict verdict, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented)))
            Write(w, verdict);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, WeakReferenceVerdict verdict)
    {
        var block = verdict.Block;
        var layout = block.Layout;
        int ptr = layout.PointerSize;
        w.WriteStartObject();
        w.WriteString("schema", SchemaId);
        w.WriteNumber("schemaVersion", SchemaVersion);
        w.WriteString("flavour", verdict.Flavour.Id);
        w.WriteString("identity", verdict.Identity switch { BlockIdentity.Symbols => "symbols", BlockIdentity.Structure => "structure", _ => "none" });
        w.WriteString("type", layout.Name);
        w.WriteString("address", Hex.Json(verdict.Address));
        w.WriteString("architecture", layout.Family.DisplayName());
        w.WriteString("layoutSource", layout.Source);
        w.WriteString("state", verdict.State.Id());
        w.WriteString("title", ReasonText.Title(verdict.State));
        WriteNullable(w, "strongCount", verdict.StrongCount);
        WriteNullable(w, "weakCount", verdict.WeakCount);
        WriteNullable(w, "weakHolders", verdict.WeakHolders);
        if (verdict.TargetAddress is { } t) w.WriteString("targetAddress", Hex.Json(t)); else w.WriteNull("targetAddress");
        if (verdict.BlockVfTableSymbol is { } s) w.WriteString("vftableSymbol", s); else w.WriteNull("vftableSymbol");

        if (verdict.Target is { } info)
        {
            w.WriteStartObject("target");
            w.WriteString("address", Hex.Json(info.Address));
            w.WriteBoolean("readable", info.Readable);
            if (info.VfTable is { } v) w.WriteString("vftable", Hex.Json(v)); else w.WriteNull("vftable");
            if (info.VfTableSymbol is { } vs) w.WriteString("vftableSymbol", vs); else w.WriteNull("vftableSymbol");
            if (info.VfTableModule is { } vm) w.WriteString("vftableModule", vm); else w.WriteNull("vftableModule");
            if (info.BackLinkOffset is { } b) w.WriteNumber("backLinkOffset", b); else w.WriteNull("backLinkOffset");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("target");
        }

        w.WriteStartArray("fields");
        foreach (var field in layout.Fields)
        {
            var raw = block.Raw(field);
            w.WriteStartObject();
            w.WriteString("name", field.Name);
            w.WriteNumber("offset", field.Offset);
            w.WriteString("type", DtRenderer.TypeText(field.Type, ptr).TrimEnd());
            if (raw is { } r)
            {
                w.WriteString("raw", Hex.Json(r));
                w.WriteString("display", DtRenderer.ValueText(field, r, ptr).TrimEnd());
            }
            else
            {
                w.WriteNull("raw");
                w.WriteNull("display");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (verdict.HintWordAddress is { } hint) w.WriteString("hintWordAddress", Hex.Json(hint)); else w.WriteNull("hintWordAddress");
        JsonText.WriteReasons(w, verdict.Reasons, ptr);
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }
}
