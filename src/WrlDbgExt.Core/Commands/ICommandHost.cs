using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// What a debugger gives a command: the target, output, expression evaluation and Ctrl+Break.
/// The WinDbg extension implements it over DbgEng; tests implement it in memory.
/// </summary>
public interface ICommandHost
{
    ITargetMemory Target { get; }

    /// <summary>True when the user prefers DML (<c>.prefer_dml 1</c>).</summary>
    bool PreferDml { get; }

    void WriteText(string text);

    void WriteDml(string dml);

    void WriteError(string text);

    /// <summary>Evaluates an address expression the debugger's way (<c>poi(@rcx)+8</c>, symbols, <c>@$t0</c>).</summary>
    bool TryEvaluate(string expression, out ulong value, out string error);

    /// <summary>True once the user pressed Ctrl+Break: long loops stop.</summary>
    bool Interrupted { get; }
}
