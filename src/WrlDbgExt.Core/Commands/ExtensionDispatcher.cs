namespace WrlDbgExt.Core.Commands;

/// <summary>What an extension host gives the dispatcher: plain output and a context per command.</summary>
public interface IExtensionSession
{
    /// <summary>A command context whose output format is JSON when <paramref name="json"/>, else the host's preference.</summary>
    ICommandContext CreateContext(bool json);

    void WriteText(string text);

    void WriteError(string text);
}

/// <summary>
/// Runs <c>!NAME args</c> for any extension host: finds the declared command, parses its arguments by the
/// declaration, answers <c>-?</c>, runs it, and writes a failure as one line <c>NAME: message</c>. The host maps
/// the outcome to its status (the engine: an HRESULT).
/// </summary>
public static class ExtensionDispatcher
{
    public static CommandOutcome Invoke(IExtensionSession session, string name, string? args)
    {
        var command = CommandCatalog.ForExtension(name);
        if (command is null)
        {
            var unknown = CommandOutcome.Usage($"no command '{Targets.AddressParser.Printable(name)}' (see !help)");
            session.WriteError($"wrldbgext: {unknown.Message}\n");
            return unknown;
        }
        return Invoke(session, command, command.Declaration, args);
    }

    /// <summary>
    /// Runs an already found <paramref name="command"/> under <paramref name="declaration"/> (its own, or the same one
    /// under another bang name, as <c>wrldbg analyze</c> offers the CLI's <c>dt</c> and <c>ln</c>).
    /// </summary>
    public static CommandOutcome Invoke(IExtensionSession session, DebuggerCommand command, CommandDeclaration declaration, string? args)
    {
        var parsed = BangCommandLine.Parse(declaration, args);
        if (parsed.HelpRequested)
        {
            session.WriteText(CommandSyntax.Usage(HostSyntax.Extension, declaration));
            return CommandOutcome.Done;
        }
        var outcome = parsed.Input is null
            ? CommandOutcome.Usage(parsed.Error!)
            : command.Run(session.CreateContext(parsed.Input.Json), parsed.Input);
        if (outcome.Message is { } message) session.WriteError($"{declaration.ExtensionName ?? declaration.Name}: {OneLine(message)}\n");
        return outcome;
    }

    /// <summary>Keeps a message on one line, without control characters, whatever it quotes.</summary>
    public static string OneLine(string text) => new(text.ReplaceLineEndings(" ").Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
