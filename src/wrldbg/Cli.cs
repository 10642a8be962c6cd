using System.CommandLine;
using WrlDbgExt.Cli.Commands;

namespace WrlDbgExt.Cli;

/// <summary>
/// Builds the command tree and turns every outcome into an exit code: parse errors → 2,
/// <see cref="CliException"/> → its code, anything else → 1. Errors are one line on stderr.
/// </summary>
public static class Cli
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var root = BuildRoot(stdout);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                stderr.WriteLine($"wrldbg: {OneLine(parse.Errors[0].Message)} (see 'wrldbg --help')");
                return ExitCodes.Usage;
            }
            return parse.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (CliException e)
        {
            stderr.WriteLine($"wrldbg: {OneLine(e.Message)}");
            return e.ExitCode;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"wrldbg: internal error: {e.GetType().Name}: {OneLine(e.Message)}");
            return ExitCodes.InternalError;
        }
    }

    private static RootCommand BuildRoot(TextWriter stdout)
    {
        var root = new RootCommand(
            "Decodes WRL / WinRT weak references and reference counts in Windows minidumps, on any OS.\n" +
            "Addresses are taken as WinDbg writes them: 0x0000022b`4f5e80a0, 22b4f5e80a0 (hex by default), 0n123.\n" +
            "Exit codes: 0 done; 1 internal error; 2 usage error; 3 input unusable (dump unreadable, address not in the dump).");
        root.Add(InfoCommand.Create(stdout));
        root.Add(WeakCommand.Create(stdout));
        root.Add(DtCommand.Create(stdout));
        return root;
    }

    /// <summary>Keeps a message on one line and free of control characters, whatever it quotes.</summary>
    public static string OneLine(string message)
    {
        var flat = new string(message.ReplaceLineEndings(" ").Trim().Select(c => char.IsControl(c) ? '?' : c).ToArray());
        if (flat.Length == 0) return "failed";
        return flat.Length <= 500 ? flat : flat[..497] + "...";
    }
}
