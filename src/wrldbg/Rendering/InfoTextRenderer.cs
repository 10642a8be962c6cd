using Spectre.Console;
using Spectre.Console.Rendering;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Rendering;

/// <summary>Human <c>info</c>: a summary grid, module and thread tables, then warnings (Spectre.Console).</summary>
internal static class InfoTextRenderer
{
    // Wide enough that PDB paths never wrap when the output is a pipe or file.
    private const int RedirectedWidth = 400;

    /// <summary>The terminal's width when the command writes to one, else wide enough never to fold.</summary>
    public static int WidthFor(Core.Commands.ICommandContext context) =>
        context is CliCommandContext { IsTerminal: true } ? Math.Max(Console.WindowWidth, 80) : RedirectedWidth;

    /// <summary>Renders for a console <paramref name="width"/> columns wide (tests pin it; 80 is the narrowest used).</summary>
    internal static void Render(MinidumpTarget target, TextWriter writer, int width, IReadOnlyDictionary<ulong, Symbols.PdbSearch>? symbols = null)
    {
        // Spectre pads every cell; render to a buffer and drop trailing blanks so output diffs cleanly.
        var buffer = new StringWriter();
        Render(target, CreateConsole(buffer, width), symbols);
        foreach (var line in buffer.ToString().ReplaceLineEndings("\n").Split('\n'))
            writer.Write(line.TrimEnd() + "\n");
    }

    private static void Render(MinidumpTarget target, IAnsiConsole console, IReadOnlyDictionary<ulong, Symbols.PdbSearch>? symbols)
    {
        var summary = target.Summary;
        int ptr = target.PointerSize;

        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string key, string value) => grid.AddRow(new Text(key), new Text(value));
        Row("Dump", target.Path);
        Row("Written", summary.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'"));
        Row("OS", summary.OsDescription);
        Row("Architecture", $"{target.Architecture.DisplayName()} ({summary.System.NumberOfProcessors} processors)");
        Row("Pointer size", $"{ptr} bytes");
        Row("Process id", summary.ProcessId is { } pid ? $"{pid} (0x{pid:x})" : "unknown");
        Row("Exception", ExceptionText(summary, ptr));
        Row("Flags", $"0x{summary.Flags:x8} {string.Join(", ", summary.FlagNames)}");
        Row("Memory", MemoryText(summary.Memory));
        Row("Threads", target.Threads.Count.ToString());
        Row("Modules", target.Modules.Count.ToString());
        console.Write(grid);
        console.WriteLine();

        // One row per module when it fits the width; a narrow terminal gets the PDB identities listed on
        // their own instead of seven columns folded to slivers.
        var modules = ModuleTable(target, withPdb: true);
        if (NaturalWidth(modules, console) <= console.Profile.Width)
        {
            console.Write(modules);
        }
        else
        {
            console.Write(ModuleTable(target, withPdb: false));
            WritePdbIdentities(target, console);
        }
        if (symbols is not null) WriteSymbols(target, symbols, console);

        var threads = new Table().Border(TableBorder.Simple).Title("Threads")
            .AddColumn(new TableColumn("Id").NoWrap())
            .AddColumn(new TableColumn("TEB").NoWrap())
            .AddColumn(new TableColumn("Stack").NoWrap())
            .AddColumn(new TableColumn("Name"));
        foreach (var t in target.Threads)
        {
            threads.AddRow(Cells($"0x{t.Id:x}", Hex.Pointer(t.Teb, ptr),
                $"{Hex.Pointer(t.StackStart, ptr)} +0x{t.StackSize:x}", t.Name ?? "-"));
        }
        console.Write(threads);

        if (target.Warnings.Count > 0)
        {
            console.WriteLine();
            console.Write(new Text("Warnings\n"));
            foreach (var warning in target.Warnings)
                console.Write(new Padder(new Text("- " + warning), new Padding(2, 0, 0, 0)));
        }
    }

    // Hex columns never wrap: a value split over two lines reads as two values. Names, paths and PDB
    // identities fold instead.
    private static Table ModuleTable(MinidumpTarget target, bool withPdb)
    {
        var table = new Table().Border(TableBorder.Simple).Title("Modules")
            .AddColumn(new TableColumn("Base").NoWrap())
            .AddColumn(new TableColumn("Size").NoWrap())
            .AddColumn(new TableColumn("Name"))
            .AddColumn(new TableColumn("Version").NoWrap())
            .AddColumn(new TableColumn("Timestamp").NoWrap());
        if (withPdb)
            table.AddColumn(new TableColumn("PDB")).AddColumn(new TableColumn("Symbol-store key"));
        foreach (var m in target.Modules)
        {
            var cells = new List<string>
            {
                Hex.Pointer(m.ImageBase, target.PointerSize), $"0x{m.ImageSize:x}", NameOf(m),
                m.FileVersion?.ToString() ?? "-", $"{m.TimeDateStamp:x8}",
            };
            if (withPdb)
                cells.AddRange([m.Pdb?.ToString() ?? "-", m.Pdb?.SymbolStoreKey ?? "-"]);
            table.AddRow(Cells([.. cells]));
        }
        return table;
    }

    /// <summary>With --symbols: where each module's PDB was found, or why not (one line each).</summary>
    private static void WriteSymbols(MinidumpTarget target, IReadOnlyDictionary<ulong, Symbols.PdbSearch> symbols, IAnsiConsole console)
    {
        console.WriteLine("Symbols");
        foreach (var m in target.Modules)
        {
            string line = !symbols.TryGetValue(m.ImageBase, out var search) ? "no CodeView record: nothing to look for"
                : search.Outcome switch
                {
                    Symbols.PdbSearchOutcome.Found => search.Path!,
                    Symbols.PdbSearchOutcome.Mismatched => $"mismatched: {search.Path} is {search.Found} (another build), the module needs {m.Pdb}",
                    _ => $"not found ({search.Searched.Count} place(s) searched)",
                };
            console.Write(new Text($"  {m.ModuleName,-16} {line}\n"));
        }
        console.WriteLine();
    }

    /// <summary>Narrow form: each module's PDB identity and symbol-store key on lines of their own, indented.</summary>
    private static void WritePdbIdentities(MinidumpTarget target, IAnsiConsole console)
    {
        console.Write(new Text("PDB identities\n"));
        foreach (var m in target.Modules)
        {
            console.Write(new Padder(new Text(NameOf(m)), new Padding(2, 0, 0, 0)));
            var lines = m.Pdb is { } pdb ? new[] { pdb.ToString(), pdb.SymbolStoreKey ?? "no symbol-store key (the record names no PDB file)" } : ["no PDB identity"];
            foreach (var line in lines)
                console.Write(new Padder(new Text(line), new Padding(4, 0, 0, 0)));
        }
        console.WriteLine();
    }

    private static string NameOf(TargetModule m) => m.FileName.Length > 0 ? m.FileName : "-";

    private static int NaturalWidth(IRenderable renderable, IAnsiConsole console) =>
        renderable.Measure(RenderOptions.Create(console), int.MaxValue / 2).Max;

    private static string ExceptionText(DumpSummary summary, int ptr)
    {
        if (summary.Exception is not { } e) return "none recorded";
        var name = ExceptionCodes.Name(e.Code) is { } n ? $" {n}" : "";
        return $"0x{e.Code:X8}{name} at {Hex.Pointer(e.Address, ptr)} on thread 0x{e.ThreadId:x}";
    }

    private static string MemoryText(MemorySummary memory)
    {
        var text = $"{memory.Ranges} ranges, {memory.ListedBytes} bytes listed, {memory.BytesInFile} in the file";
        text += memory.FullMemory ? "; full-memory dump" : "; not a full-memory dump";
        return memory.Truncated ? text + $"; truncated ({memory.MissingBytes} bytes missing)" : text;
    }

    // Plain Text cells: module names and paths from a dump are data, never Spectre markup.
    private static IRenderable[] Cells(params string[] values) => values.Select(v => (IRenderable)new Text(v)).ToArray();

    /// <summary>A Spectre console that writes plain text (no colour, no escape codes) of a given width into a writer.</summary>
    internal static IAnsiConsole CreateConsole(TextWriter writer, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return console;
    }
}
