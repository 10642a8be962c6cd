using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>The core's command context over one DbgEng session: the engine evaluates, reads, names and prints.</summary>
internal sealed class EngineCommandContext : ICommandContext, IHostNotes
{
    private readonly DebugSession _session;
    private readonly Lazy<EngineTarget> _target;
    private readonly Lazy<LayoutCatalog> _layouts;

    public EngineCommandContext(DebugSession session, bool json, bool qualifiedTypesOnly = false)
    {
        _session = session;
        _target = new(() => new EngineTarget(session, qualifiedTypesOnly));
        _layouts = new(() => LayoutCatalog.For(_target.Value));
        Format = json ? OutputFormat.Json : session.Control.PreferDml ? OutputFormat.Dml : OutputFormat.Text;
    }

    public ITargetMemory Target => _target.Value;

    public LayoutCatalog Layouts => _layouts.Value;

    public OutputFormat Format { get; }

    /// <summary>Ctrl+Break, polled when a command asks.</summary>
    public CancellationToken Cancellation => _session.Control.Interrupted ? new CancellationToken(canceled: true) : CancellationToken.None;

    public void Write(string text) => _session.Control.Write(text, DebugControl.OutputNormal, dml: Format == OutputFormat.Dml);

    public bool TryEvaluate(string expression, out ulong value, out string error)
    {
        if (_session.Control.TryEvaluate(expression, out value, out error)) return true;
        error = $"cannot evaluate '{AddressParser.Printable(expression)}': {error}";
        return false;
    }

    /// <summary>For <c>!help</c>: whether the data-model visualizers and <c>@$wrl</c> are registered, or why not.</summary>
    public IReadOnlyList<string> HostNotes => DataModel.ModelRegistry.Failure is { } failure
        ? [$"Data model: not registered ({failure}); the commands work without it."]
        : [$"Data model: {DataModel.ModelRegistry.Registered.Count} type signatures (dx shows their State, counts and findings) and @$wrl (dx @$wrl.Object(addr), .Weak, .Buffer, .Refs).",
            .. DataModel.ModelRegistry.LeftToOthers is { Count: > 0 } others
                ? [$"Data model: left to another visualizer loaded first (a NatVis file?): {string.Join(", ", others)}; .nvunload it, then .unload and .load wrldbgext."]
                : Array.Empty<string>()];

    public string Invocation(CommandDeclaration command, IReadOnlyList<string> options, IReadOnlyList<string> arguments) =>
        CommandSyntax.Invocation(HostSyntax.Extension, command, options, arguments);
}
