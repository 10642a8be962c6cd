using Spectre.Console;
using Spectre.Console.Rendering;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Rendering;

/// <summary>Human <c>info</c>: a summary grid, then module and thread tables (Spectre.Console).</summary>
internal static class InfoTextRenderer
{
    // Wide enough that PDB paths never wrap when the output is a pipe or file.
    private const int RedirectedWidth = 400;

    public static void Render(MinidumpTarget target, TextWriter writer)
    {
        // Spectre pads every cell; render to a buffer and drop trailing blanks so output diffs cleanly.
        var buffer = new StringWriter();
        Render(target, CreateConsole(buffer, terminal: ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected));
        foreach (var line in buffer.ToString().ReplaceLineEndings("\n").Split('\n'))
            writer.Write(line.TrimEnd() + "\n");
    }

    private static void Render(MinidumpTarget target, IAnsiConsole console)
    {
        var summary = target.Summary;
        int ptr = target.PointerSize;

        var grid = new Grid().AddColumn().AddColumn();
        void Row(string key, string value) => grid.AddRow(new Text(key), new Text(value));
        Row("Dump", target.Path);
        Row("Written", summary.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'"));
        Row("OS", summary.OsDescription);
        Row("Architecture", $"{target.Architecture.DisplayName()} ({summary.System.NumberOfProcessors} processors)");
        Row("Pointer size", $"{ptr} bytes");
        Row("Process id", summary.ProcessId is { } pid ? $"{pid} (0x{pid:x})" : "unknown");
        Row("Exception", ExceptionText(summary, ptr));
        Row("Threads", target.Threads.Count.ToString());
        Row("Modules", target.Modules.Count.ToString());
        console.Write(grid);
        console.WriteLine();

        var modules = new Table().Border(TableBorder.Simple).Title("Modules")
            .AddColumns("Base", "Size", "Name", "Version", "Timestamp", "PDB");
        foreach (var m in target.Modules)
        {
            modules.AddRow(Cells(Hex.Pointer(m.ImageBase, ptr), $"0x{m.ImageSize:x}", m.FileName,
                m.FileVersion?.ToString() ?? "-", $"{m.TimeDateStamp:x8}", m.Pdb?.ToString() ?? "-"));
        }
        console.Write(modules);

        var threads = new Table().Border(TableBorder.Simple).Title("Threads")
            .AddColumns("Id", "TEB", "Stack", "Name");
        foreach (var t in target.Threads)
        {
            threads.AddRow(Cells($"0x{t.Id:x}", Hex.Pointer(t.Teb, ptr),
                $"{Hex.Pointer(t.StackStart, ptr)} +0x{t.StackSize:x}", t.Name ?? "-"));
        }
        console.Write(threads);
    }

    private static string ExceptionText(DumpSummary summary, int ptr)
    {
        if (summary.Exception is not { } e) return "none recorded";
        var name = ExceptionCodes.Name(e.Code) is { } n ? $" {n}" : "";
        return $"0x{e.Code:X8}{name} at {Hex.Pointer(e.Address, ptr)} on thread 0x{e.ThreadId:x}";
    }

    // Plain Text cells: module names and paths from a dump are data, never Spectre markup.
    private static IRenderable[] Cells(params string[] values) => values.Select(v => (IRenderable)new Text(v)).ToArray();

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = terminal ? Math.Max(Console.WindowWidth, 80) : RedirectedWidth;
        return console;
    }
}
