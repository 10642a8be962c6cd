using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Rendering;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg refs DUMP ADDRESS</c> / <c>!wrlrefs ADDRESS</c>: who holds an object. Every captured pointer into
/// the object (candidate strong holders) and into its control block (weak holders), on which stack, in which
/// module's data or in other memory, beside the counts the object and block claim.
/// </summary>
public sealed class RefsCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "refs",
        ExtensionName: "wrlrefs",
        Summary: "who holds an object: every captured pointer into it and its control block, beside the counts",
        Description:
            "ADDRESS is the object or any interface pointer into it. The object is decoded first (its interface pointers\n" +
            "and, in pointer mode, its control block); then all captured memory is searched for aligned pointer-sized\n" +
            "words pointing into the object (candidate strong holders) or the block (weak holders). Each is placed on a\n" +
            "thread's stack (with its frame where the host unwinds; a labelled guess otherwise), in a module's data (with\n" +
            "its symbol where there are symbols) or in heap or other private memory. Pointers inside the object and its\n" +
            "block to each other are listed apart, not as holders. Every thread's general-purpose registers are searched\n" +
            "too, as captured. When no object is found at ADDRESS that is said, and only pointers to ADDRESS itself are\n" +
            "searched. Memory a dump did not capture is not searched.\n",
        Arguments: [new ArgumentDeclaration("address", "the object, or an interface pointer into it", ArgumentKind.Address)],
        Options: [new OptionDeclaration("flavour", "decode the object as this flavour instead of detecting it", "ID", [.. FlavourCatalog.Ids])],
        Examples:
        [
            new CommandExample([], ["0x00000000`002450d0"], "the WRL object the sample's live block targets: who points at it (stack locals, a heap cell, the block)"),
            new CommandExample(["json"], ["0x00000000`002450d0"], "the same, as JSON"),
        ],
        Hosts: CommandHosts.Both);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        if (!AddressArgument.TryEvaluate(context, input.Argument("address")!, out ulong address, out var failure)) return failure!;
        if (!TryFlavourOption(input, out var flavour, out var badFlavour)) return badFlavour!;
        // No object lives at null, in the never-mapped first 64 KiB or outside user mode; searching for such values
        // would list every null word of the dump (docs/debugger-engine.md §14.1).
        var problem = Plausibility.CheckPointer(address, context.Target.PointerSize, 1);
        if (problem is PointerProblem.Null or PointerProblem.NullPage or PointerProblem.NotUserMode)
            return CommandOutcome.Input($"{Hex.Pointer(address, context.Target.PointerSize)} is {(problem == PointerProblem.NotUserMode ? "not a user-mode address" : "in the never-mapped first 64 KiB")}: no object lives there, so nothing was searched");

        var target = context.Target;
        ObjectVerdict verdict;
        try
        {
            verdict = ObjectDecoder.Decode(target, context.Layouts, address, flavour);
        }
        catch (Layouts.LayoutMismatchException e)
        {
            return CommandOutcome.Input(e.Message);
        }
        // Not found is not fatal: the report says so and searches for the address itself (never a silent guess).
        var report = HolderFinder.Find(target, verdict, address, () => context.Cancellation.IsCancellationRequested);
        if (report is null)
            return CommandOutcome.Input("this target does not list its memory ranges: there is nothing to search");
        if (report.Scan.Cancelled) return CommandOutcome.Interrupted;
        context.Write(context.Format switch
        {
            OutputFormat.Json => RefsJsonRenderer.Render(report) + "\n",
            OutputFormat.Dml => RefsDmlRenderer.Render(report),
            _ => RefsTextRenderer.Render(report),
        });
        return CommandOutcome.Done;
    }
}
