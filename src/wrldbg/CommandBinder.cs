using System.CommandLine;
using WrlDbgExt.Cli.Commands;
using WrlDbgExt.Core.Commands;

namespace WrlDbgExt.Cli;

/// <summary>
/// Turns a core command's declaration into a System.CommandLine command (<c>DUMP</c>, then the declared
/// arguments and options) whose action checks the arguments, opens the dump and runs the core command.
/// </summary>
internal static class CommandBinder
{
    public static Command Bind(DebuggerCommand core, TextWriter stdout, CliErrors errors, CancellationToken cancellation)
    {
        var spec = core.Declaration;
        var dump = new Argument<FileInfo>("dump") { Description = "Windows minidump (.dmp)", HelpName = "DUMP" };
        var command = new Command(spec.Name, Description(spec)) { dump };
        var arguments = spec.Arguments.Select(a =>
        {
            var argument = new Argument<string>(a.Name)
            {
                Description = a.Description,
                HelpName = a.Name.ToUpperInvariant(),
                Arity = a.Required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
            };
            command.Add(argument);
            return (a, argument);
        }).ToList();
        var options = spec.AllOptions.Select(o =>
        {
            string[] aliases = o.ShortForm is { } shortForm ? [shortForm] : [];
            Option option = o.TakesValue
                ? new Option<string>("--" + o.Name, aliases)
                {
                    Description = o.Description,
                    HelpName = o.ValueName,
                    Arity = o.ValueOptional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
                }
                : new Option<bool>("--" + o.Name, aliases) { Description = o.Description };
            command.Add(option);
            return (o, option);
        }).ToList();

        var symbolsOption = SymbolsOption();
        command.Add(symbolsOption);

        command.SetAction(parse =>
        {
            var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (o, option) in options)
            {
                if (option is Option<bool> flag) { if (parse.GetValue(flag)) given[o.Name] = null; }
                else if (o.ValueOptional && parse.GetResult(option) is not null && parse.GetValue((Option<string>)option) is null) given[o.Name] = null;
                else if (parse.GetValue((Option<string>)option) is { } value)
                {
                    if (o.Choices is { Count: > 0 } choices && !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
                        throw CliException.Usage($"--{o.Name} '{Core.Targets.AddressParser.Printable(value)}' is not one of {string.Join(", ", choices)}");
                    given[o.Name] = value;
                }
            }
            var values = new Dictionary<string, string>();
            foreach (var (a, argument) in arguments)
            {
                if (parse.GetValue(argument) is not { } value) continue;
                // Usage errors are found before the dump is opened.
                if (a.Kind == ArgumentKind.Address && !CliAddress.TryParse(value, out _, out string error))
                    throw CliException.Usage(error);
                values[a.Name] = value;
            }
            var file = parse.GetValue(dump)!;
            using var opened = DumpInput.Open(file);
            using var symbolized = DumpInput.Symbolize(opened, parse.GetValue(symbolsOption));
            Core.Targets.ITargetMemory target = symbolized is not null ? symbolized : opened;
            var context = new CliCommandContext(target, parse.GetResult(dump)?.Tokens.FirstOrDefault()?.Value ?? file.FullName, stdout,
                given.ContainsKey(CommandDeclaration.JsonOption), cancellation);
            var outcome = core.Run(context, new CommandInput(given, values));
            if (outcome.Message is { } message) errors.Report(ExitCodes.For(outcome.Category), message);
            return ExitCodes.For(outcome.Category);
        });
        return command;
    }

    /// <summary>The CLI's own option: where the modules' PDBs are (the engine has its .sympath).</summary>
    public static Option<string> SymbolsOption() => new("--symbols")
    {
        Description = "symbol path, _NT_SYMBOL_PATH syntax (folders, srv*/cache* local parts; never the network); default: _NT_SYMBOL_PATH",
        HelpName = "PATH",
    };

    /// <summary>What the root's command list shows: the declaration's summary, the first line of its usage.</summary>
    public static string Description(CommandDeclaration spec) => Capitalise(spec.Summary);

    /// <summary><c>wrldbg NAME --help</c>: the declaration's usage, the same text <c>!help</c> prints in the engine's syntax.</summary>
    public static string Help(CommandDeclaration spec) =>
        CommandSyntax.Usage(HostSyntax.Cli, spec, spec.SamplePath) + "Exit codes: 0 done; 2 usage error; 3 input unusable; 130 interrupted; 1 internal error.\n";

    public static string Capitalise(string text) => CommandSyntax.Capitalise(text);
}
