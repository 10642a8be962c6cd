using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>The form a command writes its result in.</summary>
public enum OutputFormat
{
    Text,

    /// <summary>Debugger Markup Language: the text with links (the engine with <c>.prefer_dml 1</c>).</summary>
    Dml,

    Json,
}

/// <summary>
/// What a host gives a command: the target (memory plus opt-in capabilities), one layout catalog built for
/// that target, expression evaluation, an output sink in the chosen format, and cancellation. The CLI
/// implements it over a dump, the extension over DbgEng, tests in memory.
/// </summary>
public interface ICommandContext
{
    ITargetMemory Target { get; }

    /// <summary>The host's catalog for this target: symbol layouts first (where it has them), then built-in.</summary>
    LayoutCatalog Layouts { get; }

    OutputFormat Format { get; }

    /// <summary>Writes the result, already in <see cref="Format"/>.</summary>
    void Write(string text);

    /// <summary>Evaluates an address argument the host's way (the engine: any expression; the CLI: a number).</summary>
    bool TryEvaluate(string expression, out ulong value, out string error);

    CancellationToken Cancellation { get; }

    /// <summary>This host's command line for running <paramref name="command"/> with the given options and arguments (for hints).</summary>
    string Invocation(CommandDeclaration command, IReadOnlyList<string> options, IReadOnlyList<string> arguments);
}

/// <summary>Opt-in: what the host adds to <c>!help</c> about itself (the engine: its data-model registrations).</summary>
public interface IHostNotes
{
    IReadOnlyList<string> HostNotes { get; }
}

/// <summary>Opt-in: the file the target was read from (the CLI's dump), for reports that name it (SARIF).</summary>
public interface ITargetFile
{
    string TargetPath { get; }
}
