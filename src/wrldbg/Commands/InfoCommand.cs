using WrlDbgExt.Cli.Rendering;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Commands;

/// <summary>
/// <c>wrldbg info DUMP [--json]</c>: OS, architecture, memory, modules with PDB identity, threads, exception,
/// warnings. It describes the dump file itself, so it is the CLI's own command (declared like the core's).
/// </summary>
public sealed class InfoCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "info",
        ExtensionName: null,
        Summary: "summarise a minidump: OS, architecture, memory ranges, dump flags, modules with PDB identity, threads, exception record",
        Description: "Damaged side records (a module's CodeView record, a service-pack string…) are listed as warnings; the\nrest of the dump stays usable. JSON: schema wrldbg.dump-info.\n",
        Arguments: [],
        Options: [],
        Examples: [new CommandExample([], [], "the engine-made sample: one module, its PDB identity and symbol-store key")],
        Hosts: CommandHosts.Cli);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        // With --symbols, each module's PDB search is shown too.
        var (target, symbols) = context.Target switch
        {
            MinidumpTarget dump => (dump, null),
            Symbols.SymbolizedDump symbolized => (symbolized.Dump, symbolized.Symbols.Searches.ToDictionary(s => s.Module.ImageBase, s => s.Search)),
            _ => ((MinidumpTarget?)null, (IReadOnlyDictionary<ulong, Symbols.PdbSearch>?)null),
        };
        if (target is null) return CommandOutcome.Input("info describes minidumps only");
        if (context.Format == OutputFormat.Json)
        {
            context.Write(InfoJsonRenderer.Render(target, symbols) + "\n");
            return CommandOutcome.Done;
        }
        var text = new StringWriter { NewLine = "\n" };
        InfoTextRenderer.Render(target, text, InfoTextRenderer.WidthFor(context), symbols);
        context.Write(text.ToString());
        return CommandOutcome.Done;
    }
}
