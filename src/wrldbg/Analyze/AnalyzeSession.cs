using WrlDbgExt.Cli.Rendering;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Analyze;

/// <summary>A command <c>wrldbg analyze</c> runs: the extension's (by its bang name) or the CLI's <c>dt</c> and <c>ln</c>.</summary>
/// <param name="Declaration">The command's declaration with the name it is typed as in <see cref="CommandDeclaration.ExtensionName"/>.</param>
internal sealed record SessionCommand(DebuggerCommand Command, CommandDeclaration Declaration)
{
    public string Name => Declaration.ExtensionName!;
}

/// <summary>
/// One opened dump (and its symbols) for many command lines: each runs through the extension's dispatcher, with
/// the CLI's text output, one layout catalog and the dump's caches kept from one command to the next.
/// </summary>
internal sealed class AnalyzeSession(ITargetMemory target, string dumpArgument, TextWriter stdout, TextWriter stderr) : IExtensionSession
{
    public static IReadOnlyList<string> QuitWords { get; } = ["q", "quit", "exit"];

    /// <summary>The extension's commands but <c>help</c> (the session answers it), then the CLI's that the engine has built in.</summary>
    public static IReadOnlyList<SessionCommand> Commands { get; } =
    [
        .. CommandCatalog.Extension.Where(c => c is not HelpCommand).Select(c => new SessionCommand(c, c.Declaration)),
        .. CommandCatalog.Cli.Where(c => c.Declaration.ExtensionName is null).Select(c => new SessionCommand(c, c.Declaration with { ExtensionName = c.Declaration.Name })),
    ];

    private readonly LayoutCatalog _layouts = LayoutCatalog.For(target);
    private CancellationToken _cancellation;

    public ITargetMemory Target => target;

    /// <summary>Set by <c>q</c>, <c>quit</c> or <c>exit</c>.</summary>
    public bool QuitRequested { get; private set; }

    public static SessionCommand? Find(string name) =>
        Commands.FirstOrDefault(c => string.Equals(c.Name, name.TrimStart('!'), StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs one line; returns its exit code (<see cref="ExitCodes"/>): 0 done, else how it failed.</summary>
    public int Execute(string line, CancellationToken cancellation)
    {
        var text = line.Trim();
        if (text.Length == 0) return ExitCodes.Done;
        int space = text.IndexOfAny([' ', '\t']);
        string name = (space < 0 ? text : text[..space]).TrimStart('!');
        string rest = space < 0 ? "" : text[(space + 1)..];
        if (QuitWords.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            QuitRequested = true;
            return ExitCodes.Done;
        }
        if (string.Equals(name, HelpCommand.Spec.Name, StringComparison.OrdinalIgnoreCase)) return Help(rest.Trim());
        if (Find(name) is not { } command)
            return Error(ExitCodes.Usage, $"wrldbg: no command '{AddressParser.Printable(name)}' (see help)");

        _cancellation = cancellation;
        try
        {
            var outcome = ExtensionDispatcher.Invoke(this, command.Command, command.Declaration, rest);
            return ExitCodes.For(outcome.Category);
        }
        catch (OperationCanceledException)
        {
            return Error(ExitCodes.Interrupted, $"{command.Name}: interrupted");
        }
        catch (Pdb.PdbFormatException e)
        {
            return Error(ExitCodes.InputUnusable, $"{command.Name}: a PDB on the symbol path is unusable: {e.Message}");
        }
        catch (Exception e)
        {
            // The session outlives a bug in one command, as the engine outlives an extension's.
            return Error(ExitCodes.InternalError, $"{command.Name}: internal error: {e.Message} (a bug in wrldbg; please report it with the command line)");
        }
    }

    /// <summary>
    /// Tab completion of the word <paramref name="word"/> after <paramref name="head"/>: command names first, then the
    /// command's options, an option's choices (flavour ids) and, for <c>dt</c>'s type, the dump's module names.
    /// </summary>
    public IReadOnlyList<string> Complete(string head, string word)
    {
        var tokens = head.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> candidates;
        if (tokens.Length == 0)
            candidates = word.StartsWith('!')
                ? [.. Commands.Select(c => "!" + c.Name), "!" + HelpCommand.Spec.Name]
                : [.. Commands.Select(c => c.Name), HelpCommand.Spec.Name, .. QuitWords];
        else if (string.Equals(tokens[0].TrimStart('!'), HelpCommand.Spec.Name, StringComparison.OrdinalIgnoreCase))
            candidates = tokens.Length == 1 ? Commands.Select(c => c.Name) : [];
        else if (Find(tokens[0]) is not { } command)
            candidates = [];
        else if (word.StartsWith('-'))
            candidates = [.. command.Declaration.AllOptions.SelectMany(o => o.ShortForm is { } s ? new[] { "-" + o.Name, s } : ["-" + o.Name]), "-?"];
        else if (tokens.Length > 1 && command.Declaration.Option(tokens[^1].TrimStart('-')) is { TakesValue: true, Choices: { Count: > 0 } choices })
            candidates = choices;
        else if (command.Declaration.Arguments.FirstOrDefault()?.Kind == ArgumentKind.Text
            && tokens.Skip(1).All(t => t.StartsWith('-')) && target.Modules() is { } modules)
            candidates = modules.Modules.Select(m => m.ModuleName + "!").Distinct(StringComparer.OrdinalIgnoreCase);
        else
            candidates = [];
        return candidates.Where(c => c.StartsWith(word, StringComparison.OrdinalIgnoreCase)).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private int Help(string rest)
    {
        if (rest.Length == 0)
        {
            stdout.Write(AnalyzeTextRenderer.Help(Commands.Select(c => c.Declaration), HelpCommand.Spec, QuitWords));
            return ExitCodes.Done;
        }
        if (Find(rest) is not { } command)
            return Error(ExitCodes.Usage, $"help: no command '{AddressParser.Printable(rest)}' (see help)");
        stdout.Write(CommandSyntax.Usage(HostSyntax.Extension, command.Declaration));
        return ExitCodes.Done;
    }

    private int Error(int code, string message)
    {
        stderr.Write(ExtensionDispatcher.OneLine(message) + "\n");
        return code;
    }

    ICommandContext IExtensionSession.CreateContext(bool json) =>
        new CliCommandContext(target, dumpArgument, stdout, json, _cancellation, _layouts, HostSyntax.Extension);

    void IExtensionSession.WriteText(string text) => stdout.Write(text);

    void IExtensionSession.WriteError(string text) => stderr.Write(text);
}
