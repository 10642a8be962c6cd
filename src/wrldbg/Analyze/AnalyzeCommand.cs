using System.CommandLine;
using WrlDbgExt.Cli.Commands;
using WrlDbgExt.Cli.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Analyze;

/// <summary>
/// <c>wrldbg analyze DUMP [-c CMD]…</c>, as <c>dotnet-dump analyze</c>: the dump (and its symbols) opened once, then the
/// extension's commands line by line, from <c>-c</c>, from piped input, or at an interactive prompt with history and
/// completion. With <c>-c</c> or piped input the exit code is that of the first command that failed (0 when none did).
/// </summary>
internal static class AnalyzeCommand
{
    public const string Name = "analyze";
    public const string Prompt = "> ";

    public static Command Bind(TextWriter stdout, TextWriter stderr, TextReader? stdin, CancellationToken cancellation)
    {
        var dump = new Argument<FileInfo>("dump") { Description = "Windows minidump (.dmp)", HelpName = "DUMP" };
        var commands = new Option<string[]>("--command", "-c")
        {
            Description = "run this command line (repeatable: in order), print '> CMD' and its output, then exit; exit code: the first failing command's, else 0",
            HelpName = "CMD",
            Arity = ArgumentArity.OneOrMore,
        };
        var symbols = CommandBinder.SymbolsOption();
        var command = new Command(Name,
            "Run the extension's commands (!wrlweak, !wrlobj, !wrlrefs, !membuf, !wrlscan, dt, ln, help) on one dump at a prompt with history " +
            "and completion, from -c, or from piped input (one command a line, no prompt)")
        { dump, commands, symbols };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(dump)!;
            using var opened = DumpInput.Open(file);
            using var symbolized = DumpInput.Symbolize(opened, parse.GetValue(symbols));
            ITargetMemory target = symbolized is not null ? symbolized : opened;
            string dumpArgument = parse.GetResult(dump)?.Tokens.FirstOrDefault()?.Value ?? file.FullName;
            var session = new AnalyzeSession(target, dumpArgument, stdout, stderr);
            if (parse.GetValue(commands) is { Length: > 0 } lines)
                return Script(session, lines, echo: true, stdout, cancellation);
            bool interactive = stdin is null && ReferenceEquals(stdout, Console.Out) && !Console.IsInputRedirected && !Console.IsOutputRedirected;
            if (!interactive)
                return Script(session, ReadLines(stdin ?? Console.In), echo: false, stdout, cancellation);
            stdout.Write(AnalyzeTextRenderer.Banner(dumpArgument, target.PointerSize, target.Architecture.DisplayName()));
            return Interactive(session, cancellation);
        });
        return command;
    }

    /// <summary>Every line, each command's exit code kept until the first failure; a cancelled run stops (130).</summary>
    private static int Script(AnalyzeSession session, IEnumerable<string> lines, bool echo, TextWriter stdout, CancellationToken cancellation)
    {
        int result = ExitCodes.Done;
        foreach (var line in lines)
        {
            if (cancellation.IsCancellationRequested) return ExitCodes.Interrupted;
            if (echo) stdout.Write($"> {line}\n");
            int code = session.Execute(line, cancellation);
            if (result == ExitCodes.Done) result = code;
            if (code == ExitCodes.Interrupted && cancellation.IsCancellationRequested) return ExitCodes.Interrupted;
            if (session.QuitRequested) break;
        }
        return result;
    }

    private static IEnumerable<string> ReadLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line) yield return line;
    }

    /// <summary>The prompt: Ctrl+C stops the running command only; the end of input or <c>q</c> ends the session (0).</summary>
    private static int Interactive(AnalyzeSession session, CancellationToken cancellation)
    {
        var history = new LineHistory(LineHistory.DefaultPath());
        var editor = new LineEditor(() => Console.ReadKey(intercept: true), Console.Out, () => Console.WindowWidth, history, session.Complete);
        while (!session.QuitRequested && !cancellation.IsCancellationRequested)
        {
            string? line;
            // At the prompt Ctrl+C is a key (it drops the line); while a command runs it is the signal that stops it.
            Console.TreatControlCAsInput = true;
            try
            {
                line = editor.ReadLine(Prompt);
            }
            finally
            {
                Console.TreatControlCAsInput = false;
            }
            if (line is null) break;
            using var command = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using (CliInterrupt.Redirect(command.Cancel))
                session.Execute(line, command.Token);
        }
        return ExitCodes.Done;
    }
}
