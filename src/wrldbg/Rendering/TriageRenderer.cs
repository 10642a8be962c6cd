using System.Text;
using System.Text.Json;
using Spectre.Console;
using WrlDbgExt.Cli.Commands;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Scanning;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Rendering;

/// <summary>
/// <c>triage</c>'s output: per file one JSON line (schema <c>wrldbg.triage</c>, Core's Rendering/json-schema.md) or one
/// text line, and the summary grouped by finding rule and by faulting module.
/// </summary>
internal static class TriageRenderer
{
    public const string SchemaId = "wrldbg.triage";

    public static string Id(TriageStatus status) => status switch
    {
        TriageStatus.Ok => "ok",
        TriageStatus.Unreadable => "unreadable",
        _ => "failed",
    };

    public static string Id(TriageProblem problem) => problem switch
    {
        TriageProblem.Missing => "missing",
        TriageProblem.NotAFile => "not-a-file",
        TriageProblem.IoError => "io-error",
        TriageProblem.Empty => "empty",
        TriageProblem.Elf => "elf",
        TriageProblem.NotAMinidump => "not-a-minidump",
        TriageProblem.Truncated => "truncated",
        TriageProblem.Malformed => "malformed",
        TriageProblem.NotWindows => "not-windows",
        TriageProblem.Unsupported => "unsupported",
        _ => "none",
    };

    /// <summary>The module an exception address lies in, as the summary groups it.</summary>
    public static string FaultingModule(TriageException e) => e.Module?.FileName ?? "(no module)";

    public static Severity? Worst(TriageResult r) => r.Findings.Count == 0 ? null : r.Findings.Max(f => f.Severity);

    public static string Json(TriageResult r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonText.Options(indented: false)))
        {
            w.WriteStartObject();
            w.WriteString("schema", SchemaId);
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("path", r.Path);
            w.WriteString("status", Id(r.Status));
            w.StringOrNull("problem", r.Problem == TriageProblem.None ? null : Id(r.Problem));
            w.StringOrNull("reason", r.Reason);
            w.NumberOrNull("size", r.Size);
            w.StringOrNull("sha256", r.Sha256);
            if (r.Facts is { } dump) WriteDump(w, dump, r);
            else
            {
                w.WriteNull("dump");
                w.WriteNull("process");
                w.WriteNull("exception");
                w.WriteNull("modules");
            }
            w.WriteNumber("blocks", r.Blocks);
            w.StringOrNull("worst", Worst(r) is { } worst ? ScanFindingText.Level(worst) : null);
            w.WriteStartArray("findings");
            int pointerSize = r.Facts?.PointerSize ?? 8;
            foreach (var f in r.Findings)
            {
                w.WriteStartObject();
                ScanJsonRenderer.WriteFindingFields(w, f, pointerSize);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteDump(Utf8JsonWriter w, MinidumpTarget dump, TriageResult r)
    {
        var summary = dump.Summary;
        w.WriteStartObject("dump");
        w.WriteString("timestamp", summary.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        w.WriteString("os", summary.OsDescription);
        w.WriteString("architecture", dump.Architecture.DisplayName());
        w.WriteString("flags", Hex.Json(summary.Flags));
        w.WriteBoolean("fullMemory", summary.Memory.FullMemory);
        w.WriteBoolean("truncated", summary.Memory.Truncated);
        w.WriteStartArray("warnings");
        foreach (var warning in dump.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("process");
        w.NumberOrNull("id", summary.ProcessId);
        // The module list starts with the executable.
        var main = dump.Modules.FirstOrDefault();
        w.StringOrNull("name", main?.FileName);
        w.StringOrNull("path", main?.Path);
        w.StringOrNull("version", main?.FileVersion?.ToString());
        w.WriteEndObject();

        if (r.Exception is { } e)
        {
            w.WriteStartObject("exception");
            w.WriteNumber("threadId", e.ThreadId);
            w.WriteString("code", $"0x{e.Code:x8}");
            w.StringOrNull("name", ExceptionCodes.Name(e.Code));
            w.WriteString("address", Hex.Json(e.Address));
            w.StringOrNull("module", e.Module?.FileName);
            w.StringOrNull("moduleVersion", e.Module?.FileVersion?.ToString());
            w.HexOrNull("offset", e.Module is { } m ? e.Address - m.ImageBase : null);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("exception");
        }

        w.WriteStartArray("modules");
        foreach (var m in dump.Modules)
        {
            w.WriteStartObject();
            w.WriteString("name", m.FileName);
            w.WriteString("path", m.Path);
            w.StringOrNull("version", m.FileVersion?.ToString());
            w.WriteString("base", Hex.Json(m.ImageBase));
            w.WriteNumber("size", m.ImageSize);
            w.WriteString("timeDateStamp", $"0x{m.TimeDateStamp:x8}");
            w.StringOrNull("pdb", m.Pdb?.SymbolStoreKey);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>One line: <c>PATH  ok  x64 app.exe pid 42  2 findings (1 error, 1 info)  exception 0xc0000005 in app.exe+0x1234</c>.</summary>
    public static string Line(TriageResult r)
    {
        var sb = new StringBuilder(r.Path).Append("  ").Append(Id(r.Status));
        if (r.Status != TriageStatus.Ok)
        {
            if (r.Problem != TriageProblem.None) sb.Append(" (").Append(Id(r.Problem)).Append(')');
            return sb.Append(": ").Append(r.Reason).ToString();
        }
        var dump = r.Facts!;
        sb.Append("  ").Append(dump.Architecture.DisplayName());
        if (dump.Modules.FirstOrDefault() is { } main) sb.Append(' ').Append(main.FileName);
        if (dump.Summary.ProcessId is { } pid) sb.Append(" pid ").Append(pid);
        if (dump.Summary.Memory.Truncated) sb.Append(" (truncated)");
        sb.Append("  ").Append(r.Blocks).Append(r.Blocks == 1 ? " block, " : " blocks, ");
        sb.Append(r.Findings.Count).Append(r.Findings.Count == 1 ? " finding" : " findings");
        if (r.Findings.Count > 0)
            sb.Append(" (").Append(string.Join(", ", r.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
                .Select(g => $"{g.Count()} {ScanFindingText.Level(g.Key)}"))).Append(')');
        if (r.Exception is { } e)
        {
            sb.Append("  exception 0x").Append(e.Code.ToString("x8"));
            if (ExceptionCodes.Name(e.Code) is { } name) sb.Append(" (").Append(name).Append(')');
            sb.Append(" at ").Append(e.Module is { } m ? $"{m.FileName}+0x{e.Address - m.ImageBase:x}" : Hex.Json(e.Address));
        }
        return sb.ToString();
    }

    /// <summary>
    /// The run's summary: counts, then findings grouped by rule and dumps grouped by faulting module. A Spectre table on
    /// a terminal; aligned plain columns otherwise (greppable, no box characters).
    /// </summary>
    public static string Summary(IReadOnlyList<TriageResult> results, bool terminal, int width)
    {
        int ok = results.Count(r => r.Status == TriageStatus.Ok);
        int unreadable = results.Count(r => r.Status == TriageStatus.Unreadable);
        int failed = results.Count(r => r.Status == TriageStatus.Failed);
        int truncated = results.Count(r => r.Truncated);
        int withFindings = results.Count(r => r.Findings.Count > 0);
        var sb = new StringBuilder();
        sb.Append($"triage: {results.Count} file{(results.Count == 1 ? "" : "s")}: {ok} scanned");
        if (truncated > 0) sb.Append($" ({truncated} truncated)");
        sb.Append($", {unreadable} unreadable");
        if (unreadable > 0)
            sb.Append(" (").Append(string.Join(", ", results.Where(r => r.Status == TriageStatus.Unreadable).GroupBy(r => Id(r.Problem))
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"))).Append(')');
        if (failed > 0) sb.Append($", {failed} failed (a bug in wrldbg)");
        sb.Append($"; {withFindings} with findings\n");

        var byRule = results.SelectMany(r => r.Findings.Select(f => (r.Path, f)))
            .GroupBy(x => (x.f.Rule, x.f.Severity))
            .OrderByDescending(g => g.Key.Severity).ThenBy(g => g.Key.Rule.Id(), StringComparer.Ordinal)
            .Select(g => new[] { g.Key.Rule.Id(), ScanFindingText.Level(g.Key.Severity), g.Select(x => x.Path).Distinct().Count().ToString(), g.Count().ToString(), g.Sum(x => x.f.Count).ToString() })
            .ToList();
        var byModule = results.Where(r => r.Status == TriageStatus.Ok)
            .GroupBy(r => r.Exception is { } e ? FaultingModule(e) : "(no exception)")
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new[]
            {
                g.Key,
                string.Join(", ", g.Where(r => r.Exception is not null).Select(r => $"0x{r.Exception!.Code:x8}").Distinct().Order(StringComparer.Ordinal)),
                g.Count().ToString(),
                g.Count(r => r.Findings.Count > 0).ToString(),
            })
            .ToList();
        string[] ruleHeader = ["Rule", "Severity", "Dumps", "Findings", "Blocks"];
        string[] moduleHeader = ["Faulting module", "Exception codes", "Dumps", "With findings"];
        if (terminal)
        {
            var buffer = new StringWriter();
            var console = InfoTextRenderer.CreateConsole(buffer, width);
            if (byRule.Count > 0) console.Write(Table("Findings by rule", ruleHeader, byRule));
            if (byModule.Count > 0) console.Write(Table("Dumps by faulting module", moduleHeader, byModule));
            foreach (var line in buffer.ToString().ReplaceLineEndings("\n").Split('\n'))
                if (line.TrimEnd().Length > 0) sb.Append(line.TrimEnd()).Append('\n');
        }
        else
        {
            if (byRule.Count > 0) Plain(sb, "Findings by rule", ruleHeader, byRule);
            if (byModule.Count > 0) Plain(sb, "Dumps by faulting module", moduleHeader, byModule);
        }
        return sb.ToString();
    }

    private static Table Table(string title, string[] header, List<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(title);
        for (int i = 0; i < header.Length; i++)
        {
            var column = new TableColumn(Markup.Escape(header[i]));
            if (i >= 2) column.RightAligned();
            table.AddColumn(column);
        }
        foreach (var row in rows) table.AddRow(row.Select(c => new Text(c)).ToArray());
        return table;
    }

    private static void Plain(StringBuilder sb, string title, string[] header, List<string[]> rows)
    {
        sb.Append(title).Append(":\n");
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        void Row(string[] cells) =>
            sb.Append("  ").Append(string.Join("  ", cells.Select((c, i) => i >= 2 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd()).Append('\n');
        Row(header);
        foreach (var row in rows) Row(row);
    }
}
