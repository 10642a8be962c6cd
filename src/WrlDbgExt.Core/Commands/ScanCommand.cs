using System.Text;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg scan DUMP</c>: every weak-reference control block of every flavour in the captured memory, without
/// symbols (<see cref="BlockScanner"/>), each with its verdict. Issue 12's first part: objects, buffers, findings
/// with severities and SARIF come next.
/// </summary>
public sealed class ScanCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "scan",
        ExtensionName: null,
        Summary: "find every weak-reference control block in the dump's memory, with its verdict",
        Description:
            "Searches all captured memory: each aligned word outside the images that points into one is decoded as a block\n" +
            "of each flavour; a vfptr counts as a flavour's block vftable once a block with it has a back-link from its\n" +
            "live target (or its symbol names the vftable), and only blocks with such a vftable are listed. Blocks the dump\n" +
            "holds only in part, or at misaligned addresses, are not found. --json writes one wrldbg.weak-reference\n" +
            "document per line.\n",
        Arguments: [],
        Options: [],
        Examples: [new CommandExample([], [], "the sample's blocks (those its live objects link back to, and their siblings)")],
        Hosts: CommandHosts.Cli);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        var target = context.Target;
        var report = BlockScanner.Scan(target, context.Layouts, () => context.Cancellation.IsCancellationRequested);
        if (report is null) return CommandOutcome.Input("the dump lists no modules or no memory ranges: nothing to scan");
        if (report.Memory.Cancelled) context.Cancellation.ThrowIfCancellationRequested();
        if (context.Format == OutputFormat.Json)
        {
            var lines = new StringBuilder();
            foreach (var hit in report.Hits) lines.Append(WeakReferenceJsonRenderer.Render(hit, indented: false)).Append('\n');
            context.Write(lines.ToString());
        }
        else context.Write(ScanTextRenderer.Render(report, target.PointerSize));
        return CommandOutcome.Done;
    }
}
