using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Rendering;

/// <summary>
/// JSON <c>info</c> (schema <c>wrldbg.dump-info</c>, documented in Core's Rendering/json-schema.md; the
/// memory, flag-name and warning additions in info-json-schema.md beside this file).
/// </summary>
internal static class InfoJsonRenderer
{
    public static string Render(MinidumpTarget target, IReadOnlyDictionary<ulong, Symbols.PdbSearch>? symbols = null)
    {
        var summary = target.Summary;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schema", "wrldbg.dump-info");
            w.WriteNumber("schemaVersion", 1);
            w.WriteString("path", target.Path);
            w.WriteString("timestamp", summary.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
            w.WriteString("flags", Hex.Json(summary.Flags));
            w.WriteStartArray("flagNames");
            foreach (var name in summary.FlagNames) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteStartObject("os");
            w.WriteString("platform", summary.System.PlatformName);
            w.WriteString("version", summary.System.Version);
            w.WriteString("productType", summary.System.ProductTypeName);
            w.WriteString("csdVersion", summary.System.CsdVersion);
            w.WriteString("description", summary.OsDescription);
            w.WriteEndObject();
            w.WriteString("architecture", target.Architecture.DisplayName());
            w.WriteNumber("pointerSize", target.PointerSize);
            w.WriteNumber("processors", summary.System.NumberOfProcessors);
            if (summary.ProcessId is { } pid) w.WriteNumber("processId", pid); else w.WriteNull("processId");
            WriteException(w, summary);
            w.WriteStartObject("memory");
            w.WriteNumber("ranges", summary.Memory.Ranges);
            w.WriteNumber("listedBytes", summary.Memory.ListedBytes);
            w.WriteNumber("bytesInFile", summary.Memory.BytesInFile);
            w.WriteBoolean("fullMemory", summary.Memory.FullMemory);
            w.WriteBoolean("truncated", summary.Memory.Truncated);
            w.WriteEndObject();
            w.WriteStartArray("threads");
            foreach (var t in target.Threads)
            {
                w.WriteStartObject();
                w.WriteNumber("id", t.Id);
                w.WriteString("teb", Hex.Json(t.Teb));
                w.WriteString("stackStart", Hex.Json(t.StackStart));
                w.WriteNumber("stackSize", t.StackSize);
                w.WriteString("name", t.Name);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("modules");
            foreach (var m in target.Modules) WriteModule(w, m, symbols);
            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var warning in target.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteException(Utf8JsonWriter w, DumpSummary summary)
    {
        if (summary.Exception is not { } e)
        {
            w.WriteNull("exception");
            return;
        }
        w.WriteStartObject("exception");
        w.WriteNumber("threadId", e.ThreadId);
        w.WriteString("code", $"0x{e.Code:x8}");
        w.WriteString("name", ExceptionCodes.Name(e.Code));
        w.WriteString("flags", Hex.Json(e.Flags));
        w.WriteString("address", Hex.Json(e.Address));
        w.WriteStartArray("parameters");
        foreach (var p in e.Parameters) w.WriteStringValue(Hex.Json(p));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteModule(Utf8JsonWriter w, TargetModule m, IReadOnlyDictionary<ulong, Symbols.PdbSearch>? symbols)
    {
        w.WriteStartObject();
        w.WriteString("path", m.Path);
        w.WriteString("name", m.ModuleName);
        w.WriteString("base", Hex.Json(m.ImageBase));
        w.WriteNumber("size", m.ImageSize);
        w.WriteString("timeDateStamp", $"0x{m.TimeDateStamp:x8}");
        w.WriteString("fileVersion", m.FileVersion?.ToString());
        if (m.Pdb is { } pdb)
        {
            w.WriteStartObject("pdb");
            w.WriteString("format", pdb.Format);
            w.WriteString("guid", pdb.Format == "RSDS" ? pdb.Guid.ToString("D") : null);
            w.WriteString("signature", pdb.Format == "NB10" ? $"0x{pdb.Signature:x8}" : null);
            w.WriteNumber("age", pdb.Age);
            w.WriteString("path", pdb.Path);
            w.WriteString("symbolStoreKey", pdb.SymbolStoreKey);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("pdb");
        }
        if (symbols?.TryGetValue(m.ImageBase, out var search) == true)
        {
            w.WriteStartObject("symbols");
            w.WriteString("outcome", search.Outcome switch
            {
                Symbols.PdbSearchOutcome.Found => "found",
                Symbols.PdbSearchOutcome.Mismatched => "mismatched",
                _ => "not-found",
            });
            w.WriteString("path", search.Path);
            w.WriteNumber("searched", search.Searched.Count);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("symbols");
        }
        w.WriteEndObject();
    }
}
