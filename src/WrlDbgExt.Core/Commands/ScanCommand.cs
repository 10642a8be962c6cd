using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Scanning;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg scan DUMP</c>: every weak-reference control block of every flavour in the captured memory, without
/// symbols (<see cref="TargetScanner"/>), with objects, buffers and references, each with its verdict, and the findings
/// with severities (text, JSON lines or SARIF).
/// </summary>
public sealed class ScanCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "scan",
        ExtensionName: "wrlscan",
        Summary: "find every control block, weak-capable object and IMemoryBuffer in the dump's memory, with verdicts and findings",
        Description:
            "Searches all captured memory without symbols (docs/debugger-engine.md section 17): each aligned word outside the\n" +
            "images that points into one is decoded as a block of each flavour; a vfptr counts as a block vftable once a block\n" +
            "with it has a back-link from its live target (or its symbol names the vftable). Objects: the live targets that link\n" +
            "back, objects with the same vtables as those, and count-mode objects whose shape stands alone (two vtables or more,\n" +
            "off the stacks); buffers and references of the reference implementation by their shared state. Symbols, where\n" +
            "present, confirm or refute objects. Not found: misaligned or partly captured blocks, one-vtable shapes without a\n" +
            "sibling or symbols. Findings: saturated blocks and objects, dangling targets, corrupt blocks, destroyed blocks\n" +
            "(still referenced or not), the buffers' findings, and per vftable the blocks keeping destroyed targets.\n" +
            "--json writes JSON lines (wrldbg.weak-reference, wrldbg.object, wrldbg.membuf, then wrldbg.scan-finding);\n" +
            "--sarif the findings as SARIF 2.1.0.\n",
        Arguments: [],
        Options:
        [
            new OptionDeclaration("min-severity", "list only findings at least this severe", "LEVEL", ["info", "warning", "error"]),
            new OptionDeclaration("flavour", "only hits and findings of this flavour (memory-buffer, memory-buffer-reference for buffers)", "ID", [.. Flavours.FlavourCatalog.Ids, "memory-buffer", "memory-buffer-reference"]),
            new OptionDeclaration("sarif", "print the findings as a SARIF 2.1.0 log instead"),
        ],
        Examples: [new CommandExample([], [], "the sample's blocks (those its live objects link back to, and their siblings)")],
        Hosts: CommandHosts.Both);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        var target = context.Target;
        // One scan at a time here: reading ahead on a second thread (where the target allows it) costs nothing else.
        var scan = TargetScanner.Scan(target, context.Layouts, () => context.Cancellation.IsCancellationRequested, readAhead: true);
        if (scan is null) return CommandOutcome.Input("the dump lists no modules or no memory ranges: nothing to scan");
        if (scan.Memory.Cancelled) context.Cancellation.ThrowIfCancellationRequested();
        var report = scan;
        string? only = input.Value("flavour");
        bool Wanted(string? id) => only is null || string.Equals(id, only, StringComparison.OrdinalIgnoreCase);
        if (only is not null)
            report = report with
            {
                Blocks = report.Blocks with { Hits = [.. report.Blocks.Hits.Where(h => Wanted(h.Flavour.Id))] },
                Objects = [.. report.Objects.Where(o => Wanted(o.Flavour?.Id))],
                Buffers = [.. report.Buffers.Where(b => Wanted(b.FlavourId))],
            };
        var minimum = input.Value("min-severity")?.ToLowerInvariant() switch { "warning" => Decoders.Severity.Warning, "error" => Decoders.Severity.Error, _ => Decoders.Severity.Info };
        var findings = scan.Findings.Where(f => f.Severity >= minimum && Wanted(f.Flavour)).ToList();
        if (input.Has("sarif"))
        {
            string path = (context as ITargetFile)?.TargetPath ?? "target";
            string sarif = ScanSarifRenderer.Render(findings, path, target.PointerSize, typeof(ScanCommand).Assembly.GetName().Version?.ToString() ?? "0");
            context.Write(context.Format == OutputFormat.Dml ? WeakReferenceDmlRenderer.Escape(sarif) : sarif); // names like weak_ref<T> are not markup
            return CommandOutcome.Done;
        }
        context.Write(context.Format switch
        {
            OutputFormat.Json => ScanJsonRenderer.Render(report, findings, target.PointerSize),
            OutputFormat.Dml => ScanDmlRenderer.Render(report, findings, target.PointerSize, (kind, at) =>
                context.Invocation(kind switch { ScanDmlRenderer.HitKind.Object => ObjCommand.Spec, ScanDmlRenderer.HitKind.Buffer => MembufCommand.Spec, _ => WeakCommand.Spec }, [], [at])),
            _ => ScanTextRenderer.Render(report, findings, target.PointerSize),
        });
        return CommandOutcome.Done;
    }
}
