using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg ln DUMP ADDRESS</c>: the engine's <c>ln</c> from the modules' PDBs, byte for byte (docs/pdb-format.md
/// §17). Outside every module, or in one without symbols, it prints nothing, as the engine does. The engine has its
/// own <c>ln</c>, so this one is the CLI's only.
/// </summary>
public sealed class LnCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "ln",
        ExtensionName: null,
        Summary: "list the nearest symbols to an address as the debugger's ln does, from the modules' PDBs",
        Description: "The symbol at or before ADDRESS with the displacement, the next one, and at an exact address what is\ndeclared there (functions with their parameter types, data with its value). Needs the module's PDB\n(--symbols); without it, or outside every module, nothing is printed, as the engine does.\n",
        Arguments: [new ArgumentDeclaration("address", "any address", ArgumentKind.Address)],
        Options: [],
        Examples: [new CommandExample([], ["0x00000001`40001000"], "the first function of weak_refs (prints nothing unless --symbols finds weak_refs.pdb)")],
        Hosts: CommandHosts.Cli,
        Json: false);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        var target = context.Target;
        if (!AddressArgument.TryEvaluate(context, input.Argument("address")!, out ulong address, out var failure)) return failure!;
        if (target is not INearestSymbols symbols || symbols.Near(address) is not { } near) return CommandOutcome.Done;
        var exact = near.Exact?.Select(s => new LnValue(s, s.Parameters is null ? LnValueText.Of(target, s) : null)).ToList();
        context.Write(LnRenderer.Render(near, exact, target.PointerSize));
        return CommandOutcome.Done;
    }
}
