using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Rendering;

namespace WrlDbgExt.Cli;

/// <summary>
/// Every error the CLI reports: one line on stderr (<c>wrldbg: …</c>) and, when <c>--json</c> was asked for,
/// also a JSON document on stdout (schema <c>wrldbg.error</c>) so a script parses one thing either way.
/// </summary>
internal sealed class CliErrors(TextWriter stdout, TextWriter stderr, bool json)
{
    public const string SchemaId = "wrldbg.error";

    public int Report(int exitCode, string message)
    {
        string line = OneLine(message);
        stderr.Write($"wrldbg: {line}\n");
        if (json)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, JsonText.Options()))
            {
                w.WriteStartObject();
                w.WriteString("schema", SchemaId);
                w.WriteNumber("schemaVersion", 1);
                w.WriteString("error", line);
                w.WriteString("category", ExitCodes.CategoryId(exitCode));
                w.WriteNumber("exitCode", exitCode);
                w.WriteEndObject();
            }
            stdout.Write(Encoding.UTF8.GetString(stream.ToArray()) + "\n");
        }
        return exitCode;
    }

    /// <summary>Keeps a message on one line and free of control characters, whatever it quotes.</summary>
    public static string OneLine(string message)
    {
        var flat = new string(message.ReplaceLineEndings(" ").Trim().Select(c => char.IsControl(c) ? '?' : c).ToArray());
        if (flat.Length == 0) return "failed";
        return flat.Length <= 500 ? flat : flat[..497] + "...";
    }
}
