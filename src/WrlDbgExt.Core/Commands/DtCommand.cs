using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg dt DUMP TYPE [ADDRESS]</c>: the engine's <c>dt</c> for the layout catalog's types, byte for byte:
/// the type form without an address, the value form with one. The engine has its own <c>dt</c>, so this one
/// is the CLI's only.
/// </summary>
public sealed class DtCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "dt",
        ExtensionName: null,
        Summary: "display a type as the debugger's dt does, with values when given an address",
        Description: "TYPE may be module-qualified (weak_refs!Microsoft::WRL::Details::WeakReferenceImpl); the types are the\nlayout catalog's (built-in layouts until a PDB reader exists).\n",
        Arguments:
        [
            new ArgumentDeclaration("type", "type name, optionally module!Type", ArgumentKind.Text),
            new ArgumentDeclaration("address", "object address: print values instead of types", ArgumentKind.Address, Required: false),
        ],
        Options: [],
        Examples:
        [
            new CommandExample([], ["weak_refs!Microsoft::WRL::Details::WeakReferenceImpl"], "the type form"),
            new CommandExample([], ["weak_refs!Microsoft::WRL::Details::WeakReferenceImpl", "0x00000000`00244f30"], "the value form of the live block"),
        ],
        Hosts: CommandHosts.Cli,
        Json: false);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        var target = context.Target;
        string name = input.Argument("type")!.Trim();
        bool moduleGiven = false;
        int bang = name.IndexOf('!');
        if (bang >= 0)
        {
            string module = name[..bang];
            name = name[(bang + 1)..];
            moduleGiven = true;
            if (module.Length > 0 && target.Modules() is { } modules && modules.FindByName(module) is null)
                return CommandOutcome.Usage($"no module '{AddressParser.Printable(module)}' in this dump");
        }
        var layout = context.Layouts.FindLayout(name, target.Architecture);
        if (layout is null)
            return CommandOutcome.Usage($"unknown type '{AddressParser.Printable(name)}' for {target.Architecture.DisplayName()}; known types: {string.Join(", ", context.Layouts.KnownTypes)}");
        if (input.Argument("address") is not { } text)
        {
            context.Write(DtRenderer.RenderType(layout, moduleGiven));
            return CommandOutcome.Done;
        }
        if (!AddressArgument.TryEvaluate(context, text, out ulong at, out var failure)) return failure!;
        var snapshot = ObjectSnapshot.Read(target, at, layout);
        if (snapshot.NothingReadable)
            return CommandOutcome.Input($"memory read error at {Hex.Pointer(at, target.PointerSize)}: not in the dump's memory");
        context.Write(DtRenderer.RenderValues(snapshot, moduleGiven));
        return CommandOutcome.Done;
    }
}
