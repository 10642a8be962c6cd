namespace WrlDbgExt.Core.Commands;

/// <summary>Every command the core declares; hosts bind what their host flag allows.</summary>
public static class CommandCatalog
{
    public static IReadOnlyList<DebuggerCommand> All { get; } = [new WeakCommand(), new ObjCommand(), new RefsCommand(), new MembufCommand(), new DtCommand(), new LnCommand(), new ScanCommand(), new HelpCommand()];

    public static IEnumerable<DebuggerCommand> Cli => All.Where(c => c.Declaration.Hosts.HasFlag(CommandHosts.Cli));

    public static IEnumerable<DebuggerCommand> Extension => All.Where(c => c.Declaration.Hosts.HasFlag(CommandHosts.Extension));

    public static DebuggerCommand? ForExtension(string name) =>
        Extension.FirstOrDefault(c => string.Equals(c.Declaration.ExtensionName, name, StringComparison.OrdinalIgnoreCase));
}
