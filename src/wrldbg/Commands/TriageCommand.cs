using System.CommandLine;
using System.Text;
using Spectre.Console;
using WrlDbgExt.Cli.Rendering;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Cli.Commands;

/// <summary>
/// <c>wrldbg triage PATH... [-j N] [--fail-on SEVERITY] [--shard K/N] [--json]</c>: many dumps at once, each on its own
/// (read-only, hashed, identified, scanned), results in input order as soon as each is known, then a summary. It takes
/// its own paths, so it is bound here rather than through <see cref="CommandBinder"/>.
/// </summary>
public sealed class TriageCommand : DebuggerCommand
{
    public static CommandDeclaration Spec { get; } = new(
        Name: "triage",
        ExtensionName: null,
        Summary: "scan many dumps in parallel (files and folders, recursively): one result per dump, a summary, an exit code for --fail-on",
        Description:
            "Each file is hashed (SHA-256), opened read-only, identified (process, modules with versions, exception and its\n" +
            "module) and scanned; a file that is not a usable Windows process dump (truncated, not a minidump, ELF, another\n" +
            "OS...) is a result with its reason, never the end of the run. Results come in input order (folders sorted),\n" +
            "each as soon as every earlier one is written. With --json, stdout is one wrldbg.triage document per file and\n" +
            "the summary goes to stderr. A progress bar is drawn on stderr only when it is a terminal.\n" +
            $"Exit codes: 0 done; {ExitCodes.FindingsReached} a finding reached --fail-on; 2 usage error; 130 interrupted; 1 internal error.\n",
        Arguments: [new ArgumentDeclaration("path...", "dump files and folders (searched recursively)", ArgumentKind.Text)],
        Options:
        [
            new OptionDeclaration("jobs", "dumps triaged at once (default: the processor count)", ValueName: "N", ShortForm: "-j"),
            new OptionDeclaration("fail-on", $"exit {ExitCodes.FindingsReached} when any finding is at least this severe", ValueName: "SEVERITY", Choices: ["info", "warning", "error"]),
            new OptionDeclaration("shard", "triage only shard K of N (0-based; a file's shard is a stable hash of its path below its folder argument)", ValueName: "K/N"),
            new OptionDeclaration("include", "in folders, only files whose name matches this wildcard (default: every file)", ValueName: "GLOB"),
            new OptionDeclaration("no-progress", "never draw the progress bar"),
        ],
        Examples:
        [
            new CommandExample([], ["tests/samples"], "every file below the folder, in parallel: one line each (in path order), then the summary"),
            new CommandExample(["json"], ["tests/samples"], "one wrldbg.triage JSON line per file on stdout; the summary on stderr"),
        ],
        Hosts: CommandHosts.Cli,
        TakesDump: false);

    public override CommandDeclaration Declaration => Spec;

    /// <summary>Only run through <see cref="Bind"/> (it needs paths and the process's streams, not one opened dump).</summary>
    public override CommandOutcome Run(ICommandContext context, CommandInput input) =>
        CommandOutcome.Usage("triage runs from the command line only");

    internal static Command Bind(TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        // Descriptions from the declaration, so System.CommandLine's help and the usage text never drift apart.
        string Says(string option) => Spec.Option(option)!.Description;
        var paths = new Argument<string[]>("path") { Description = Spec.Arguments[0].Description, HelpName = "PATH", Arity = ArgumentArity.OneOrMore };
        var jobs = new Option<string>("--jobs", "-j") { Description = Says("jobs"), HelpName = "N" };
        var failOn = new Option<string>("--fail-on") { Description = Says("fail-on"), HelpName = "SEVERITY" };
        var shard = new Option<string>("--shard") { Description = Says("shard"), HelpName = "K/N" };
        var include = new Option<string>("--include") { Description = Says("include"), HelpName = "GLOB" };
        var noProgress = new Option<bool>("--no-progress") { Description = Says("no-progress") };
        var json = new Option<bool>("--json") { Description = Says(CommandDeclaration.JsonOption) };
        var command = new Command(Spec.Name, CommandBinder.Description(Spec)) { paths, jobs, failOn, shard, include, noProgress, json };
        command.SetAction(parse =>
        {
            var options = new TriageOptions(
                Jobs: parse.GetValue(jobs) is { } j ? ParseJobs(j) : Environment.ProcessorCount,
                FailOn: parse.GetValue(failOn) is { } f ? ParseSeverity(f) : null,
                Shard: parse.GetValue(shard) is { } s ? ParseShard(s) : null,
                Include: parse.GetValue(include) ?? "*",
                Json: parse.GetValue(json),
                Progress: !parse.GetValue(noProgress));
            return Execute(parse.GetValue(paths) ?? [], options, stdout, stderr, cancellation);
        });
        return command;
    }

    internal sealed record TriageOptions(int Jobs, Severity? FailOn, (int K, int N)? Shard, string Include, bool Json, bool Progress);

    private static int ParseJobs(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= 1024
            ? n : throw CliException.Usage($"--jobs '{CliErrors.OneLine(text)}' is not a number from 1 to 1024");

    private static Severity ParseSeverity(string text) => text.ToLowerInvariant() switch
    {
        "info" => Severity.Info,
        "warning" => Severity.Warning,
        "error" => Severity.Error,
        _ => throw CliException.Usage($"--fail-on '{CliErrors.OneLine(text)}' is not one of info, warning, error"),
    };

    private static (int K, int N) ParseShard(string text)
    {
        var parts = text.Split('/');
        var style = System.Globalization.NumberStyles.None;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        if (parts.Length == 2 && int.TryParse(parts[0], style, culture, out int k) && int.TryParse(parts[1], style, culture, out int n) && n >= 1 && k < n)
            return (k, n);
        throw CliException.Usage($"--shard '{CliErrors.OneLine(text)}' is not K/N with 0 <= K < N (e.g. 0/4)");
    }

    /// <summary>A file to triage: the path it is shown by, and the path its shard is chosen by (below its folder argument).</summary>
    internal sealed record Input(string Path, string ShardKey);

    /// <summary>The files named and found below the folders named, in argument order, each folder's files sorted; duplicates once.</summary>
    internal static List<Input> Enumerate(IEnumerable<string> arguments, string include)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var inputs = new List<Input>();
        var recurse = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchType = MatchType.Simple };
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                foreach (var file in Directory.EnumerateFiles(argument, include, recurse).Order(StringComparer.Ordinal))
                    if (seen.Add(Path.GetFullPath(file)))
                        inputs.Add(new Input(file, Path.GetRelativePath(argument, file).Replace('\\', '/')));
            }
            else if (seen.Add(Path.GetFullPath(argument)))
            {
                inputs.Add(new Input(argument, Path.GetFileName(argument)));
            }
        }
        return inputs;
    }

    /// <summary>FNV-1a (64-bit) of the UTF-8 key: stable across machines, runs and .NET versions, unlike string.GetHashCode.</summary>
    internal static int ShardOf(string key, int shards)
    {
        ulong hash = 14695981039346656037;
        foreach (byte b in Encoding.UTF8.GetBytes(key))
            hash = (hash ^ b) * 1099511628211;
        return (int)(hash % (ulong)shards);
    }

    internal static int Execute(IReadOnlyList<string> arguments, TriageOptions options, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var inputs = Enumerate(arguments, options.Include);
        foreach (var missing in arguments.Where(a => !Directory.Exists(a) && !File.Exists(a) && !Path.Exists(a)))
            stderr.Write($"wrldbg: {CliErrors.OneLine(missing)}: no such file or folder (reported as unreadable)\n");
        if (options.Shard is { } shard)
            inputs = inputs.Where(i => ShardOf(i.ShardKey, shard.N) == shard.K).ToList();

        var results = new TriageResult?[inputs.Count];
        var lines = new string?[inputs.Count];
        var ready = inputs.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        int next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        // Workers claim the next index without a lock; each result is rendered by its worker, written in order by this thread.
        void Work()
        {
            int i;
            while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < inputs.Count)
            {
                try
                {
                    var result = DumpTriage.Run(inputs[i].Path, stop.Token);
                    lines[i] = options.Json ? TriageRenderer.Json(result) : TriageRenderer.Line(result);
                    results[i] = result with { Facts = null }; // the summary needs the findings and the exception, not the module lists
                    ready[i].SetResult();
                }
                catch (OperationCanceledException)
                {
                    ready[i].SetCanceled();
                }
            }
        }
        var workers = Enumerable.Range(0, Math.Min(options.Jobs, Math.Max(1, inputs.Count)))
            .Select(_ => new Thread(Work, maxStackSize: 8 << 20) { IsBackground = true, Name = "triage" }).ToList();

        bool stderrTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        bool stdoutTerminal = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        foreach (var w in workers) w.Start();
        try
        {
            if (options.Progress && stderrTerminal && inputs.Count > 0)
                WriteWithProgress(inputs, lines, ready, stdout, stdoutTerminal, cancellation);
            else
                WriteInOrder(inputs.Count, lines, ready, stdout.Write, null, cancellation);
        }
        finally
        {
            stop.Cancel();
            foreach (var w in workers) w.Join();
        }
        cancellation.ThrowIfCancellationRequested();

        var all = results.Select(r => r!).ToList();
        var summary = TriageRenderer.Summary(all, options.Json ? stderrTerminal : stdoutTerminal, stdoutTerminal || stderrTerminal ? Math.Max(80, SafeWidth()) : 120);
        (options.Json ? stderr : stdout).Write(summary);
        if (options.FailOn is { } level && all.Any(r => r.Findings.Any(f => f.Severity >= level)))
            return ExitCodes.FindingsReached;
        return ExitCodes.Done;
    }

    private static void WriteInOrder(int count, string?[] lines, TaskCompletionSource[] ready, Action<string> write, Action<int>? progressed, CancellationToken cancellation)
    {
        for (int i = 0; i < count; i++)
        {
            try
            {
                ready[i].Task.Wait(cancellation);
            }
            catch (AggregateException)
            {
                throw new OperationCanceledException(cancellation); // its worker was stopped
            }
            write(lines[i] + "\n");
            lines[i] = null; // written: let it go
            progressed?.Invoke(i + 1);
        }
    }

    /// <summary>A Spectre progress bar on stderr; when stdout is the same terminal, lines go through Spectre so they print above the bar.</summary>
    private static void WriteWithProgress(List<Input> inputs, string?[] lines, TaskCompletionSource[] ready, TextWriter stdout, bool stdoutTerminal,
        CancellationToken cancellation)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask($"triage {inputs.Count} file{(inputs.Count == 1 ? "" : "s")}", maxValue: inputs.Count);
                Action<string> write = stdoutTerminal ? line => console.Write(new Text(line)) : stdout.Write;
                WriteInOrder(inputs.Count, lines, ready, write, done => task.Value = done, cancellation);
            });
    }

    private static int SafeWidth()
    {
        try { return Console.WindowWidth; }
        catch (IOException) { return 120; }
    }
}
