using System.Text;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Commands;

/// <summary>A host in memory: evaluates plain numbers only, records what a command wrote and where.</summary>
internal sealed class FakeCommandHost(ITargetMemory target, bool preferDml = false) : ICommandHost
{
    public StringBuilder Text { get; } = new();

    public StringBuilder Dml { get; } = new();

    public StringBuilder Errors { get; } = new();

    public ITargetMemory Target => target;

    public bool PreferDml => preferDml;

    public bool Interrupted { get; set; }

    public void WriteText(string text) => Text.Append(text);

    public void WriteDml(string dml) => Dml.Append(dml);

    public void WriteError(string text) => Errors.Append(text);

    public bool TryEvaluate(string expression, out ulong value, out string error) =>
        AddressParser.TryParse(expression, out value, out error);
}
