namespace WrlDbgExt.Core.Commands;

/// <summary>The bang commands every host exposes, and the shared <c>-?</c> handling.</summary>
public static class ExtensionCommands
{
    public static IReadOnlyList<IExtensionCommand> All { get; } =
        [new WrlWeakCommand(), new MemBufCommand(), new WrlScanCommand(), new HelpCommand()];

    public static IExtensionCommand? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses the arguments, answers <c>-?</c>, runs the command.</summary>
    public static bool Invoke(IExtensionCommand command, ICommandHost host, string? args)
    {
        var parsed = CommandArguments.Parse(args);
        if (parsed.HelpRequested)
        {
            host.WriteText(command.Usage);
            return true;
        }
        return command.Run(host, parsed);
    }
}
