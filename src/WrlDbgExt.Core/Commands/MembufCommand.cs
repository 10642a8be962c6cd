using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg membuf DUMP ADDRESS</c> / <c>!membuf ADDRESS</c>: an IMemoryBuffer or IMemoryBufferReference from the object
/// or any of its interface pointers: its state, memory, open references and findings (docs/winrt-internals.md §8).
/// </summary>
public sealed class MembufCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "membuf",
        ExtensionName: "membuf",
        Summary: "decode an IMemoryBuffer or IMemoryBufferReference: state, memory, open references, findings",
        Description:
            "ADDRESS is a buffer or a reference, or any of its interface pointers (IMemoryBuffer / IMemoryBufferReference,\n" +
            "IClosable, IMemoryBufferByteAccess), or a byte of a buffer's memory (the buffer that owns it is shown). Prints the object's dt form, its state (open, closed with references\n" +
            "still open, released; a reference: open, open after its buffer was closed, with Closed handlers, closed,\n" +
            "empty), the memory (capacity and data), every open reference of a buffer with its own state and dt form,\n" +
            "and findings with a severity (memory pinned after close, a reference outliving its buffer, a corrupt list).\n" +
            "The implementation is recognised by its vftable symbols where the host has them, else by structure.\n",
        Arguments: [new ArgumentDeclaration("address", "a buffer or reference, or any interface pointer into one", ArgumentKind.Address)],
        Options: [],
        Examples: [],
        Hosts: CommandHosts.Both);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        if (!AddressArgument.TryEvaluate(context, input.Argument("address")!, out ulong address, out var failure)) return failure!;
        var target = context.Target;
        int ptr = target.PointerSize;
        try
        {
            var verdict = MemoryBufferDecoder.Decode(target, context.Layouts, address);
            if (!verdict.Found && verdict.Reasons.Any(r => r.Code == ReasonCode.NothingReadable))
                return CommandOutcome.Input($"memory read error at {Hex.Pointer(address, ptr)}: the address is not in this target's memory");
            if (context.Cancellation.IsCancellationRequested) return CommandOutcome.Interrupted;
            context.Write(context.Format switch
            {
                OutputFormat.Json => BufferJsonRenderer.Render(verdict, ptr) + "\n",
                OutputFormat.Dml => BufferDmlRenderer.Render(verdict, ptr),
                _ => BufferTextRenderer.Render(verdict, ptr),
            });
            return CommandOutcome.Done;
        }
        catch (LayoutMismatchException e)
        {
            return CommandOutcome.Input(e.Message);
        }
    }
}
