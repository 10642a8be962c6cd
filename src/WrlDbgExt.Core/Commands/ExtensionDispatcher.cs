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
        var parsed = BangCommandLine.Parse(command.Declaration, args);
        if (parsed.HelpRequested)
        {
            session.WriteText(CommandSyntax.Usage(HostSyntax.Extension, command.Declaration));
            return CommandOutcome.Done;
        }
        var outcome = parsed.Input is null
            ? CommandOutcome.Usage(parsed.Error!)
            : command.Run(session.CreateContext(parsed.Input.Json), parsed.Input);
        if (outcome.Message is { } message) session.WriteError($"{command.Declaration.ExtensionName}: {OneLine(message)}\n");
        return outcome;
    }

    /// <summary>Keeps a message on one line, without control characters, whatever it quotes.</summary>
    public static string OneLine(string text) => new(text.ReplaceLineEndings(" ").Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
