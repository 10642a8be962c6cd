namespace WrlDbgExt.Core.Commands;

/// <summary><c>!membuf</c>: reserved for the IMemoryBuffer decoder, which does not exist yet; it says so.</summary>
public sealed class MemBufCommand : IExtensionCommand
{
    public string Name => "membuf";

    public string Summary => "decode an IMemoryBuffer / IMemoryBufferReference (not available yet)";

    public string Usage =>
        "!membuf ADDRESS\n" +
        "  Will decode an IMemoryBuffer or IMemoryBufferReference: open references, closed state, capacity.\n" +
        "  The IMemoryBuffer decoder is not part of this version yet; this command only says so.\n";

    public bool Run(ICommandHost host, CommandArguments args)
    {
        host.WriteError("membuf: the IMemoryBuffer decoder is not available in this version yet (see !help)\n");
        return false;
    }
}
