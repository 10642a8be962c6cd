using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli;

/// <summary>
/// The core's command context over an opened dump. <c>wrldbg analyze</c> passes one layout catalog for the whole
/// session (so symbol layouts are built once) and the extension's syntax for the hints (they are typed at its prompt).
/// </summary>
internal sealed class CliCommandContext(ITargetMemory target, string dumpArgument, TextWriter stdout, bool json, CancellationToken cancellation,
    LayoutCatalog? layouts = null, HostSyntax hints = HostSyntax.Cli)
    : ICommandContext, ITargetFile
{
    public ITargetMemory Target => target;

    public string TargetPath => dumpArgument;

    /// <summary>True when the output is the process's own terminal (tables then fit its width).</summary>
    public bool IsTerminal => ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;

    public LayoutCatalog Layouts { get; } = layouts ?? LayoutCatalog.For(target);

    public OutputFormat Format => json ? OutputFormat.Json : OutputFormat.Text;

    public CancellationToken Cancellation => cancellation;

    public void Write(string text) => stdout.Write(text);

    public bool TryEvaluate(string expression, out ulong value, out string error) => CliAddress.TryParse(expression, out value, out error);

    public string Invocation(CommandDeclaration command, IReadOnlyList<string> options, IReadOnlyList<string> arguments) =>
        hints == HostSyntax.Cli
            ? CommandSyntax.Invocation(HostSyntax.Cli, command, options, arguments, dumpArgument)
            : CommandSyntax.Invocation(HostSyntax.Extension, command, options, arguments);
}
