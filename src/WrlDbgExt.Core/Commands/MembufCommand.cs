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
            "IClosable, IMemoryBufferByteAccess), or a byte of a buffer's memory (the buffer that owns it is shown).\n" +
            "Prints the object's dt form, its state (open, closed with references still open, released; a reference:\n" +
            "open, open after its buffer was closed, with Closed handlers, closed, empty), the memory (capacity and\n" +
            "data), every open reference of a buffer with its own state, Closed handlers and dt form, and findings with\n" +
            "a severity (memory pinned after close, a reference outliving its buffer, Closed handlers where Closed is\n" +
            "raised on release, a closed reference's data pointer still held, a corrupt list). The reference\n" +
            "implementation is recognised by its vftable symbols where the host has them, else by structure; the OS's\n" +
            "MemoryBuffer and BitmapBuffer by their vftable symbols only, and shown as opaque.\n",
        Arguments: [new ArgumentDeclaration("address", "a buffer or reference, or any interface pointer into one, or a byte of its memory", ArgumentKind.Address)],
        Options: [],
        Examples:
        [
            new CommandExample([], ["0x00000000`00245310"], "a buffer closed while a reference is still open: the reference pins its memory"),
            new CommandExample([], ["0x00000000`00245520"], "a reference's IMemoryBufferByteAccess pointer (+0x10): the reference and its Closed handler"),
            new CommandExample(["json"], ["0x00000000`00245740"], "a closed reference whose handed-out data pointer is still held, as JSON"),
        ],
        Sample: "memory_buffers-x64",
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
