using System.Text;
using WrlDbgExt.Core.Commands;

namespace WrlDbgExt.Cli.Rendering;

/// <summary>The words of <c>wrldbg analyze</c>: its banner and its <c>help</c>.</summary>
internal static class AnalyzeTextRenderer
{
    public static string Banner(string dump, int pointerSize, string architecture) =>
        $"wrldbg analyze: {dump} ({architecture}, {pointerSize * 8}-bit pointers). 'help' lists the commands, 'q' or Ctrl+D ends the session.\n";

    /// <summary>Every command the session runs, with its summary: the extension's, then the CLI's, then the way out.</summary>
    public static string Help(IEnumerable<CommandDeclaration> commands, CommandDeclaration help, IReadOnlyList<string> quitWords)
    {
        var all = commands.ToList();
        var extension = all.Where(c => c.Hosts.HasFlag(CommandHosts.Extension)).Append(help).ToList();
        var cli = all.Where(c => !c.Hosts.HasFlag(CommandHosts.Extension)).ToList();
        string quit = string.Join(", ", quitWords);
        int width = Math.Max(all.Append(help).Max(c => c.ExtensionName!.Length + 1), quit.Length);
        var sb = new StringBuilder("The extension's commands (typed with or without '!'):\n");
        foreach (var c in extension)
            sb.Append("  ").Append(("!" + c.ExtensionName).PadRight(width)).Append("  ").Append(c.Summary).Append('\n');
        sb.Append("The CLI's, on the same dump:\n");
        foreach (var c in cli)
            sb.Append("  ").Append(c.ExtensionName!.PadRight(width)).Append("  ").Append(c.Summary).Append('\n');
        sb.Append("  ").Append(quit.PadRight(width)).Append("  end the session (so do Ctrl+D and the end of the input)\n");
        sb.Append("\nEvery command takes -? for its usage (or: help COMMAND). Tab completes command names, options, flavour ids\n");
        sb.Append("and module names; up and down go through the history; Ctrl+C stops the running command.\n");
        return sb.ToString();
    }
}
