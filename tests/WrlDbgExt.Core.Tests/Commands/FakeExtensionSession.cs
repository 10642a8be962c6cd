using System.Text;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Commands;

/// <summary>An extension host in memory: evaluates plain numbers only, records what a command wrote and where.</summary>
internal sealed class FakeExtensionSession(ITargetMemory target, bool preferDml = false) : IExtensionSession
{
    public StringBuilder Text { get; } = new();

    public StringBuilder Dml { get; } = new();

    public StringBuilder Errors { get; } = new();

    public bool Interrupted { get; set; }

    public ITargetMemory Target => target;

    /// <summary>What TryEvaluate returns for any expression, when set (the engine's sign-extended x86 values).</summary>
    public ulong? EvaluatesTo { get; set; }

    public ICommandContext CreateContext(bool json) => new Context(this, json);

    public void WriteText(string text) => Text.Append(text);

    public void WriteError(string text) => Errors.Append(text);

    public CommandOutcome Invoke(string name, string? args) => ExtensionDispatcher.Invoke(this, name, args);

    private sealed class Context(FakeExtensionSession session, bool json) : ICommandContext
    {
        public ITargetMemory Target => session.Target;

        public LayoutCatalog Layouts { get; } = LayoutCatalog.For(session.Target);

        public OutputFormat Format => json ? OutputFormat.Json : session.PreferDml ? OutputFormat.Dml : OutputFormat.Text;

        public CancellationToken Cancellation => new(session.Interrupted);

        public void Write(string text) => (Format == OutputFormat.Dml ? session.Dml : session.Text).Append(text);

        public bool TryEvaluate(string expression, out ulong value, out string error)
        {
            if (session.EvaluatesTo is { } v)
            {
                value = v;
                error = "";
                return true;
            }
            if (AddressParser.TryParse(expression, out value, out error)) return true;
            error = $"cannot evaluate '{AddressParser.Printable(expression)}': {error}";
            return false;
        }

        public string Invocation(CommandDeclaration command, IReadOnlyList<string> options, IReadOnlyList<string> arguments) =>
            CommandSyntax.Invocation(HostSyntax.Extension, command, options, arguments);
    }

    private bool PreferDml => preferDml;
}
