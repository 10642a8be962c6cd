using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// <c>wrldbg dt --json</c>: the <c>wrldbg.dt</c> document (json-schema.md): the type, the address (value form) and one
/// object per row with its level, kind, offset or address, name, the engine's type text, and in the value form the
/// engine's value text and whether the bytes were in the dump.
/// </summary>
public static class DtJsonRenderer
{
    public const int SchemaVersion = 1;

    public static string Render(NamedType type, ulong? address, DtOptions options, DtResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, JsonText.Options()))
        {
            json.WriteStartObject();
            json.WriteString("schema", "wrldbg.dt");
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("module", type.Module);
            json.WriteString("type", type.Name);
            json.WriteNumber("size", type.Type.Size);
            if (address is { } at) json.WriteString("address", Hex.Json(at));
            else json.WriteNull("address");
            json.WriteNumber("recursion", options.Depth);
            json.WriteBoolean("blocks", options.Blocks);
            json.WriteBoolean("verbose", options.Verbose);
            json.WriteStartArray("rows");
            foreach (var row in result.Rows)
            {
                json.WriteStartObject();
                json.WriteString("kind", row.Kind switch
                {
                    DtRowKind.StaticField => "static",
                    DtRowKind.Enumerator => "enumerator",
                    DtRowKind.Element => "element",
                    DtRowKind.Plain => "plain",
                    DtRowKind.Prefix => "prefix",
                    DtRowKind.BaseClass => "baseClass",
                    DtRowKind.Method => "method",
                    DtRowKind.NestedType => "nestedType",
                    _ => "field",
                });
                json.WriteNumber("level", row.Level);
                json.WriteString("name", row.Name);
                if (row.Kind is DtRowKind.Field or DtRowKind.Element or DtRowKind.BaseClass) json.WriteNumber("offset", row.Offset);
                if (row.Address is { } a) json.WriteString("address", Hex.Json(a));
                if (row.TypeName is not null) json.WriteString("type", row.TypeName);
                json.WriteString(address is null ? "typeText" : "valueText", row.Text);
                if (row.Readable is { } readable) json.WriteBoolean("readable", readable);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (result.LastUnreadable is { } last) json.WriteString("lastUnreadable", Hex.Json(last));
            else json.WriteNull("lastUnreadable");
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
