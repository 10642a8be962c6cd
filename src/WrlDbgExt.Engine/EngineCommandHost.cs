using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>The core's command host over one DbgEng session.</summary>
internal sealed class EngineCommandHost(DebugSession session) : ICommandHost
{
    private readonly Lazy<EngineTarget> _target = new(() => new EngineTarget(session));

    public ITargetMemory Target => _target.Value;

    public bool PreferDml => session.Control.PreferDml;

    public bool Interrupted => session.Control.Interrupted;

    public void WriteText(string text) => session.Control.Write(text, DebugControl.OutputNormal, dml: false);

    public void WriteDml(string dml) => session.Control.Write(dml, DebugControl.OutputNormal, dml: true);

    public void WriteError(string text) => session.Control.Write(text, DebugControl.OutputError, dml: false);

    public bool TryEvaluate(string expression, out ulong value, out string error) =>
        session.Control.TryEvaluate(expression, out value, out error);
}
