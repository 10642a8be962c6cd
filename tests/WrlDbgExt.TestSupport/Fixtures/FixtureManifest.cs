using System.Globalization;
using System.Text.Json;

namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>
/// Ground truth a scenario target writes at its checkpoint (schema <c>wrldbg.fixture-manifest</c>):
/// where each object is, its flavour, the verdict a decoder must give and the counts. Schema 2 adds entries
/// with a <c>kind</c> (<c>"object"</c>: an object, its interfaces and count-or-pointer word; <c>"holder"</c>: where
/// a pointer to an object or its block lives); entries without one are blocks and words as in schema 1.
/// </summary>
public sealed record FixtureManifest(string Architecture, string Module, IReadOnlyList<FixtureObject> Objects, int SchemaVersion = 1)
{
    public static FixtureManifest Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        if (root.GetProperty("schema").GetString() != "wrldbg.fixture-manifest")
            throw new InvalidDataException($"{path}: not a wrldbg.fixture-manifest");
        var objects = root.GetProperty("objects").EnumerateArray().Select(FixtureObject.From).ToList();
        string module = root.TryGetProperty("module", out var m) ? m.GetString() ?? "" : "";
        int version = root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 1;
        if (version is < 1 or > 2)
            throw new InvalidDataException($"{path}: schemaVersion {version} is not 1 or 2");
        return new FixtureManifest(root.GetProperty("architecture").GetString()!, module, objects, version);
    }

    public static ulong ParseHex(string text) =>
        ulong.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}

/// <param name="Properties">Every property as written, for flavour-specific checks.</param>
/// <param name="Kind">Null for block and word entries; <c>"object"</c> or <c>"holder"</c> for the schema-2 entries
/// (holders have no flavour: <see cref="Flavour"/> is empty and <see cref="ExpectedState"/> too).</param>
public sealed record FixtureObject(
    string Name,
    string Flavour,
    string? Type,
    ulong Address,
    string ExpectedState,
    int? Strong,
    int? Weak,
    IReadOnlyDictionary<string, string> Properties,
    string? Kind = null)
{
    internal static FixtureObject From(JsonElement e)
    {
        int? Int(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        string? Str(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var all = e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        return new FixtureObject(
            Str("name")!, Str("flavour") ?? "", Str("type"), FixtureManifest.ParseHex(Str("address")!),
            Str("expectedState") ?? "", Int("strong"), Int("weak"), all, Str("kind"));
    }
}
