using System.CommandLine;
using WrlDbgExt.Cli.Commands;
using WrlDbgExt.Core.Commands;

namespace WrlDbgExt.Cli;

/// <summary>
/// The command tree, built from the core's declarations (plus the CLI's own <c>info</c> and <c>triage</c>), and the mapping of
/// every outcome to an exit code: 0 done, 2 usage, 3 input unusable, 4 a triage finding reached --fail-on,
/// 130 interrupted, 1 a bug of ours.
/// Errors are one line on stderr (and a JSON document on stdout with <c>--json</c>).
/// </summary>
public static class Cli
{
    public const string Overview =
        "Decodes WinRT / COM weak references and reference counts in Windows minidumps, on any OS.\n" +
        "Addresses are taken as WinDbg writes them: 0x0000022b`4f5e80a0, 22b4f5e80a0 (hex by default), 0n123.\n" +
        "Exit codes: 0 done; 1 internal error; 2 usage error; 3 input unusable (dump unreadable, address not in the dump); 4 triage: a finding reached --fail-on; 130 interrupted.";

    /// <param name="stdin">Lines for <c>analyze</c> without <c>-c</c>; null: the console's (a prompt when it is a terminal).</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default, TextReader? stdin = null)
    {
        var errors = new CliErrors(stdout, stderr, args.Contains("--json"));
        try
        {
            // 'wrldbg help [COMMAND]' is '--help' said the way other tools take it.
            if (args is ["help"]) args = ["--help"];
            else if (args is ["help", var name]) args = [name, "--help"];
            // A command's help is its declaration's usage (the root's list is System.CommandLine's).
            if (args.Length == 2 && args[1] is "--help" or "-h" or "-?" && Commands.FirstOrDefault(c => c.Declaration.Name == args[0]) is { } asked)
            {
                // triage's exit codes differ from the one-dump commands' and are in its description.
                stdout.Write(asked is TriageCommand ? CommandSyntax.Usage(HostSyntax.Cli, asked.Declaration, asked.Declaration.SamplePath) : CommandBinder.Help(asked.Declaration));
                return ExitCodes.Done;
            }
            var root = BuildRoot(stdout, stderr, errors, cancellation);
            root.Add(Analyze.AnalyzeCommand.Bind(stdout, stderr, stdin, cancellation));
            // '@' is WinDbg's register prefix (@rcx), not a response file here.
            var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0)
                return errors.Report(ExitCodes.Usage, Explain(root, args, parse.Errors[0].Message) + " (see 'wrldbg --help')");
            int code = parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
            return code;
        }
        catch (CliException e)
        {
            return errors.Report(e.ExitCode, e.Message);
        }
        catch (Pdb.PdbFormatException e)
        {
            // A PDB damaged past where its look-ups check it (a type record read while printing): input, not a bug.
            return errors.Report(ExitCodes.InputUnusable, $"a PDB on the symbol path is unusable: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return errors.Report(ExitCodes.Interrupted, "interrupted");
        }
        catch (Exception e)
        {
            return errors.Report(ExitCodes.InternalError, $"internal error: {e.Message} (a bug in wrldbg; please report it with the command line)");
        }
    }

    /// <summary>The CLI's commands: info (about the dump file), every core command the CLI hosts, then triage (over many dumps).</summary>
    public static IReadOnlyList<DebuggerCommand> Commands { get; } = [new InfoCommand(), .. CommandCatalog.Cli, new TriageCommand()];

    internal static RootCommand BuildRoot(TextWriter stdout, TextWriter stderr, CliErrors errors, CancellationToken cancellation)
    {
        var root = new RootCommand(Overview);
        foreach (var command in Commands)
            root.Add(command is TriageCommand ? TriageCommand.Bind(stdout, stderr, cancellation) : CommandBinder.Bind(command, stdout, errors, cancellation));
        return root;
    }

    /// <summary>System.CommandLine's messages, said the way a WinDbg user expects.</summary>
    private static string Explain(RootCommand root, string[] args, string message)
    {
        if (args.Length > 0 && !args[0].StartsWith('-') && root.Subcommands.All(c => c.Name != args[0]))
            return $"unknown command '{CliErrors.OneLine(args[0])}'";
        if (message.StartsWith("Unrecognized command or argument '", StringComparison.Ordinal))
        {
            var token = message["Unrecognized command or argument '".Length..].TrimEnd('.', '\'');
            return token.StartsWith('-') ? $"unknown option '{token}'" : $"unexpected argument '{token}'";
        }
        var missing = System.Text.RegularExpressions.Regex.Match(message, @"^Required argument (?:'[^']*' )?missing for command: '([^']+)'");
        if (missing.Success)
        {
            var name = missing.Groups[1].Value;
            var command = root.Subcommands.FirstOrDefault(c => c.Name == name);
            var needs = command is null ? "" : string.Join(' ', command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0).Select(a => a.HelpName ?? a.Name.ToUpperInvariant()));
            return $"'{name}' needs {needs}".TrimEnd();
        }
        return message.TrimEnd('.');
    }
}
