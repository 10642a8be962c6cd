using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg obj DUMP ADDRESS</c> / <c>!wrlobj ADDRESS</c>: from an object or any interface pointer into it, the
/// object's flavour, start, count-or-pointer word, counts and — in pointer mode — its control block and verdict.
/// </summary>
public sealed class ObjCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "obj",
        ExtensionName: "wrlobj",
        Summary: "decode a weak-capable object from an object or interface pointer: its count word, counts and control block",
        Description:
            "Finds the object's count-or-pointer word (WRL refCount_, C++/WinRT m_references, C++/CX\n" +
            "__abi_reference_count, WinUI refCount_, windows-rs count): from symbols where the target's types\n" +
            $"name the class, otherwise by a bounded search ({ObjectDecoder.SearchBytes:x}h bytes either side) for a word\n" +
            "whose block points back into the object, then for a count where a known object layout keeps it.\n" +
            "Count mode (no weak reference ever taken) gives the strong count; pointer mode decodes the block.\n",
        Arguments: [new ArgumentDeclaration("address", "the object, or any interface pointer into it", ArgumentKind.Address)],
        Options: [new OptionDeclaration("flavour", "only look for objects of this flavour", "ID", [.. FlavourCatalog.Ids])],
        Examples:
        [
            new CommandExample([], ["0x00000000`002450d0"], "a WRL object whose weak reference was taken: word, counts, block"),
            new CommandExample(["json"], ["0x00000000`002450d8"], "the same object from its second interface pointer, as JSON"),
        ],
        Hosts: CommandHosts.Both);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        if (!AddressArgument.TryEvaluate(context, input.Argument("address")!, out ulong address, out var failure)) return failure!;
        if (!TryFlavourOption(input, out var flavour, out var badFlavour)) return badFlavour!;
        var target = context.Target;
        int ptr = target.PointerSize;
        try
        {
            var verdict = ObjectDecoder.Decode(target, context.Layouts, address, flavour);
            if (verdict.Finding == ObjectFinding.Unreadable)
                return CommandOutcome.Input($"memory read error at {Hex.Pointer(address, ptr)}: the address is not in this target's memory");
            if (context.Cancellation.IsCancellationRequested) return CommandOutcome.Interrupted;
            context.Write(context.Format switch
            {
                OutputFormat.Json => ObjectJsonRenderer.Render(verdict, ptr) + "\n",
                OutputFormat.Dml => ObjectDmlRenderer.Render(verdict, ptr, at => context.Invocation(WeakCommand.Spec, [], [at])),
                _ => ObjectTextRenderer.Render(verdict, ptr),
            });
            return CommandOutcome.Done;
        }
        catch (LayoutMismatchException e)
        {
            return CommandOutcome.Input(e.Message);
        }
    }
}
