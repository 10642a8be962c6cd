using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// <c>wrldbg scan --sarif</c>: the findings as a SARIF 2.1.0 log (OASIS sarif-v2.1.0): one run whose tool driver is
/// wrldbg with every scan rule, one result per finding with its <c>ruleId</c>, <c>level</c> (<c>error</c>,
/// <c>warning</c>, <c>note</c>), message, and the dump file and block address as its location.
/// </summary>
public static class ScanSarifRenderer
{
    public const string Schema = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    public static string Render(IReadOnlyList<ScanFinding> findings, string dumpPath, int pointerSize, string toolVersion)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options()))
        {
            w.WriteStartObject();
            w.WriteString("$schema", Schema);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "wrldbg");
            w.WriteString("version", toolVersion);
            w.WriteStartArray("rules");
            foreach (var rule in Enum.GetValues<ScanRule>())
            {
                w.WriteStartObject();
                w.WriteString("id", rule.Id());
                w.WriteStartObject("shortDescription");
                w.WriteString("text", ScanFindingText.Rule(rule));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var f in findings)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", f.Rule.Id());
                w.WriteString("level", f.Severity switch { Decoders.Severity.Error => "error", Decoders.Severity.Warning => "warning", _ => "note" });
                w.WriteStartObject("message");
                w.WriteString("text", ScanFindingText.Message(f, pointerSize));
                w.WriteEndObject();
                w.WriteStartArray("locations");
                w.WriteStartObject();
                w.WriteStartObject("physicalLocation");
                w.WriteStartObject("artifactLocation");
                w.WriteString("uri", new Uri(Path.GetFullPath(dumpPath)).AbsoluteUri);
                w.WriteEndObject();
                w.WriteStartObject("address");
                w.WriteNumber("absoluteAddress", f.Address);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
