namespace WrlDbgExt.Core.Commands;

/// <summary>
/// One command, written once for every host (the SOS model): a declaration and a run method against host
/// services. A new command is one new class registered in <see cref="CommandCatalog"/>.
/// </summary>
public abstract class DebuggerCommand
{
    public abstract CommandDeclaration Declaration { get; }

    /// <summary>Runs the command; a failure is an outcome with a one-line message, never an exception for bad input.</summary>
    public abstract CommandOutcome Run(ICommandContext context, CommandInput input);

    /// <summary>The <c>flavour</c> option: null when not given; false with a usage outcome when it names no flavour.</summary>
    protected static bool TryFlavourOption(CommandInput input, out Flavours.FlavourDescriptor? flavour, out CommandOutcome? failure)
    {
        flavour = null;
        failure = null;
        if (input.Value("flavour") is not { } id) return true;
        flavour = Flavours.FlavourCatalog.ById(id);
        if (flavour is not null) return true;
        failure = CommandOutcome.Usage($"unknown flavour '{Targets.AddressParser.Printable(id)}' (known: {string.Join(", ", Flavours.FlavourCatalog.Ids)})");
        return false;
    }
}
