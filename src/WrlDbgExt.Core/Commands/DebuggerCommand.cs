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
}
