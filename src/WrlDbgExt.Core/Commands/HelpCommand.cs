using System.Text;

namespace WrlDbgExt.Core.Commands;

/// <summary><c>!help</c>: every extension command with its summary, from the declarations; <c>!help NAME</c> gives its usage.</summary>
public sealed class HelpCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "help",
        ExtensionName: "help",
        Summary: "this list; !help COMMAND for a command's usage",
        Description: "Lists the commands of wrldbgext, or shows one command's usage.\n",
        Arguments: [new ArgumentDeclaration("command", "a command name", ArgumentKind.Text, Required: false)],
        Options: [],
        Examples: [],
        Hosts: CommandHosts.Extension,
        Json: false);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        if (input.Argument("command") is { } name)
        {
            var command = CommandCatalog.ForExtension(name.TrimStart('!'));
            if (command is null)
                return CommandOutcome.Usage($"no command '{Targets.AddressParser.Printable(name)}' in wrldbgext");
            context.Write(CommandSyntax.Usage(HostSyntax.Extension, command.Declaration));
            return CommandOutcome.Done;
        }
        var sb = new StringBuilder("wrldbgext: WinRT / COM weak references and reference counts\n\n");
        foreach (var c in CommandCatalog.Extension)
            sb.Append($"  !{c.Declaration.ExtensionName,-9} {c.Declaration.Summary}\n");
        sb.Append("\nEvery command takes -? for its usage.\n");
        if (context is IHostNotes notes)
            foreach (var note in notes.HostNotes) sb.Append(note).Append('\n');
        context.Write(sb.ToString());
        return CommandOutcome.Done;
    }
}
