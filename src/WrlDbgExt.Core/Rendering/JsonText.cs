using System.Text.Encodings.Web;
using System.Text.Json;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>What every JSON document of ours shares: writer options and the reason objects.</summary>
public static class JsonText
{
    public static JsonWriterOptions Options(bool indented = true) =>
        new() { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An address as a hex string, or null when unknown.</summary>
    public static void HexOrNull(this Utf8JsonWriter w, string name, ulong? value)
    {
        if (value is { } x) w.WriteString(name, Hex.Json(x)); else w.WriteNull(name);
    }

    public static void StringOrNull(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is { } x) w.WriteString(name, x); else w.WriteNull(name);
    }

    public static void NumberOrNull(this Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } x) w.WriteNumber(name, x); else w.WriteNull(name);
    }

    public static void BoolOrNull(this Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } x) w.WriteBoolean(name, x); else w.WriteNull(name);
    }

    /// <summary><c>"reasons": [{"code", "text", "args": {…}}]</c>: scripts match codes, people read text.</summary>
    public static void WriteReasons(Utf8JsonWriter w, IReadOnlyList<Reason> reasons, int ptr)
    {
        w.WriteStartArray("reasons");
        foreach (var r in reasons) WriteReason(w, r, ptr);
        w.WriteEndArray();
    }

    /// <summary>One reason object (after a property name, or in an array).</summary>
    public static void WriteReason(Utf8JsonWriter w, Reason r, int ptr)
    {
        {
            w.WriteStartObject();
            w.WriteString("code", ReasonText.CodeId(r.Code));
            w.WriteString("text", ReasonText.Render(r, ptr));
            w.WriteStartObject("args");
            foreach (var a in r.Args)
            {
                switch (a.Kind)
                {
                    case ReasonArgKind.Text: w.WriteString(a.Name, a.Text); break;
                    case ReasonArgKind.Integer: w.WriteNumber(a.Name, unchecked((long)a.Number)); break;
                    default: w.WriteString(a.Name, Hex.Json(a.Number)); break;
                }
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    /// <summary>A PascalCase name as a JSON id (<c>BackLinkFound</c> → <c>back-link-found</c>).</summary>
    public static string KebabCase(string name)
    {
        var sb = new System.Text.StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
