using System.Diagnostics;
using System.Text;

namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>
/// Runs Microsoft's debugger engine under Wine through <c>scripts/engine</c> and splits its output per
/// command (the host prints <c>@@@ COMMAND</c> before and <c>@@@ end</c> after each command's output).
/// </summary>
public static class EngineRunner
{
    public static string Script => Path.Combine(SharedTestData.RepoRoot, "scripts", "engine");

    public static bool Available => Prerequisites.Engine.Available;

    public static string UnavailableReason => Prerequisites.Engine.Reason;

    public sealed record Result(int ExitCode, IReadOnlyList<(string Command, string Output)> Commands, string RawStdout, string Stderr)
    {
        public string Output(string command) =>
            Commands.FirstOrDefault(c => c.Command == command).Output
            ?? throw new InvalidOperationException($"the engine did not run '{command}'. stdout:\n{RawStdout}\nstderr:\n{Stderr}");
    }

    /// <summary>
    /// <see cref="Run"/> in as many engine runs as the host's command line needs (Wine passes about 32 K characters):
    /// <paramref name="prelude"/> (".reload /f") starts each run; the commands' outputs come back merged, in order.
    /// </summary>
    public static Result RunBatched(IReadOnlyList<string> hostArguments, IReadOnlyList<string> commands, string? prelude = null, int maxCharacters = 24_000)
    {
        var outputs = new List<(string Command, string Output)>();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        int exit = 0;
        for (int i = 0; i < commands.Count;)
        {
            var batch = new List<string>();
            if (prelude is not null) batch.Add(prelude);
            int length = 0;
            while (i < commands.Count && (batch.Count == (prelude is null ? 0 : 1) || length + commands[i].Length + 8 <= maxCharacters))
            {
                length += commands[i].Length + 8;
                batch.Add(commands[i++]);
            }
            var run = Run(hostArguments, batch);
            exit = Math.Max(exit, run.ExitCode);
            outputs.AddRange(run.Commands.Where(c => c.Command != prelude));
            stdout.Append(run.RawStdout);
            stderr.Append(run.Stderr);
        }
        return new Result(exit, outputs, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Opens a dump (or, with <c>--image</c>, an image file) and runs <paramref name="commands"/>.</summary>
    public static Result Run(IEnumerable<string> hostArguments, IEnumerable<string> commands, TimeSpan? timeout = null)
    {
        var arguments = hostArguments.ToList();
        var script = commands.ToList();
        var result = RunOnce(arguments, script, timeout);
        // A host that printed nothing at all (not even the engine's banner) did not start: Wine under load, seen
        // once in CI with exit code and stderr empty. One retry, said aloud; a second silent start fails as before.
        if (result.RawStdout.Length == 0 && result.Stderr.Length == 0)
        {
            Console.Error.WriteLine($"engine runner: the engine host printed nothing (exit {result.ExitCode}); running it once more");
            result = RunOnce(arguments, script, timeout);
        }
        return result;
    }

    private static Result RunOnce(IReadOnlyList<string> hostArguments, IReadOnlyList<string> commands, TimeSpan? timeout)
    {
        var psi = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Script);
        foreach (var a in hostArguments) psi.ArgumentList.Add(a);
        foreach (var c in commands)
        {
            psi.ArgumentList.Add("--cmd");
            psi.ArgumentList.Add(c);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the engine host did not finish");
        }
        return new Result(process.ExitCode, Split(stdout.Result), stdout.Result, stderr.Result);
    }

    /// <summary>Splits the host's protocol into (command, output) pairs; output keeps its exact bytes.</summary>
    public static IReadOnlyList<(string Command, string Output)> Split(string stdout)
    {
        var result = new List<(string, string)>();
        string? current = null;
        var body = new StringBuilder();
        foreach (var line in stdout.Replace("\r\n", "\n").Split('\n'))
        {
            if (current is null)
            {
                // "@@@ time N" (with --time) follows a block's end; it opens no block.
                if (line.StartsWith("@@@ ", StringComparison.Ordinal) && line != "@@@ end" && !line.StartsWith("@@@ time ", StringComparison.Ordinal))
                    current = line[4..];
                continue;
            }
            if (line == "@@@ end")
            {
                result.Add((current, body.ToString()));
                current = null;
                body.Clear();
                continue;
            }
            body.Append(line).Append('\n');
        }
        return result;
    }
}
