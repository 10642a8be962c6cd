namespace WrlDbgExt.Core.Commands;

/// <summary><c>!wrlscan</c>: reserved for scanning memory for control blocks; not available yet, and says so.</summary>
public sealed class WrlScanCommand : IExtensionCommand
{
    public string Name => "wrlscan";

    public string Summary => "scan memory for weak reference control blocks (not available yet)";

    public string Usage =>
        "!wrlscan\n" +
        "  Will scan the target's memory for weak reference control blocks and summarise their states.\n" +
        "  Not part of this version yet; this command only says so.\n";

    public bool Run(ICommandHost host, CommandArguments args)
    {
        host.WriteError("wrlscan: scanning is not available in this version yet (see !help)\n");
        return false;
    }
}
