using System.Text;

namespace WrlDbgExt.Core.Commands;

/// <summary><c>!help</c>: every command with its one-line summary; <c>!help NAME</c> gives its usage.</summary>
public sealed class HelpCommand : IExtensionCommand
{
    public string Name => "help";

    public string Summary => "this list; !help COMMAND for a command's usage";

    public string Usage => "!help [COMMAND]\n  Lists the commands of wrldbgext, or shows one command's usage.\n";

    public bool Run(ICommandHost host, CommandArguments args)
    {
        if (args.Rest.Length > 0)
        {
            var command = ExtensionCommands.Find(args.Rest.TrimStart('!'));
            if (command is null)
            {
                host.WriteError($"help: no command '{Targets.AddressParser.Printable(args.Rest)}' in wrldbgext\n");
                return false;
            }
            host.WriteText(command.Usage);
            return true;
        }
        var sb = new StringBuilder("wrldbgext: WinRT / COM weak references and reference counts\n\n");
        foreach (var c in ExtensionCommands.All)
            sb.Append($"  !{c.Name,-9} {c.Summary}\n");
        sb.Append("\nEvery command takes -? for its usage.\n");
        host.WriteText(sb.ToString());
        return true;
    }
}
