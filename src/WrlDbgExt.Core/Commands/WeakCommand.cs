using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg weak DUMP ADDRESS</c> / <c>!wrlweak ADDRESS</c>: a weak-reference control block (or, with
/// <c>word</c>, an object's count-or-pointer word followed to its block): its dt form and the verdict.
/// </summary>
public sealed class WeakCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "weak",
        ExtensionName: "wrlweak",
        Summary: "decode a weak-reference control block: its dt form with values, then the verdict and its reasons",
        Description:
            "Verdicts: target alive; target destroyed, weak references outstanding; control block destroyed; strong\n" +
            "count saturated (leaked); control block being created; corrupt; not a control block; incomplete (the\n" +
            "dump does not hold the whole block). A target is dereferenced only while its strong count is positive.\n" +
            "The flavour comes from the block's vftable symbol where symbols exist, otherwise from its structure.\n",
        Arguments: [new ArgumentDeclaration("address", "the block (with -word / --word: the object's count-or-pointer word)", ArgumentKind.Address)],
        Options:
        [
            new OptionDeclaration("word", "ADDRESS is an object's count-or-pointer word (WRL refCount_, C++/WinRT m_references): count mode gives the strong count; pointer mode follows raw << 1 to the block"),
            new OptionDeclaration("flavour", "decode as this flavour instead of detecting it", "ID", [.. FlavourCatalog.Ids]),
        ],
        Examples:
        [
            new CommandExample([], ["0x00000000`00244f30"], "a live WRL block: counts, target and the back-link from the target's word"),
            new CommandExample(["word"], ["0x00000000`00245110"], "the target's refCount_ word, in pointer mode, followed to that block"),
            new CommandExample(["json"], ["0x00000000`00245260"], "a block whose target was destroyed, as JSON"),
        ],
        Hosts: CommandHosts.Both);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        string text = input.Argument("address")!;
        if (!AddressArgument.TryEvaluate(context, text, out ulong address, out var failure)) return failure!;
        if (!TryFlavourOption(input, out var flavour, out var badFlavour)) return badFlavour!;

        var target = context.Target;
        string Where(ulong a) => Hex.Pointer(a, target.PointerSize);
        string WordCommand(string at) => context.Invocation(Spec, ["word"], [at]);
        string ObjCommandLine(string at) => context.Invocation(ObjCommand.Spec, [], [at]);
        try
        {
            if (input.Has("word"))
            {
                var report = CountOrPointerReport.Decode(target, context.Layouts, address, flavour);
                if (report is null)
                    return CommandOutcome.Input($"memory read error at {Where(address)}: the count-or-pointer word is not (wholly) in this target's memory");
                if (context.Cancellation.IsCancellationRequested) return CommandOutcome.Interrupted;
                context.Write(context.Format == OutputFormat.Json
                    ? CountOrPointerJsonRenderer.Render(report) + "\n"
                    : CountOrPointerTextRenderer.Render(report, WordCommand));
                return CommandOutcome.Done;
            }

            var verdict = FlavourDetector.Decode(target, context.Layouts, address, flavour);
            if (verdict.Unreadable)
                return CommandOutcome.Input($"memory read error at {Where(address)}: the control block is not in this target's memory");
            if (context.Cancellation.IsCancellationRequested) return CommandOutcome.Interrupted;
            context.Write(context.Format switch
            {
                OutputFormat.Json => WeakReferenceJsonRenderer.Render(verdict) + "\n",
                OutputFormat.Dml => WeakReferenceDmlRenderer.Render(verdict, ObjCommandLine),
                _ => WeakReferenceTextRenderer.Render(verdict, ObjCommandLine),
            });
            return CommandOutcome.Done;
        }
        catch (LayoutMismatchException e)
        {
            return CommandOutcome.Input(e.Message);
        }
    }
}
