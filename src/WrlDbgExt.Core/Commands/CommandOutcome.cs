namespace WrlDbgExt.Core.Commands;

/// <summary>How a command ended, for each host to map (CLI: exit code; extension: message and HRESULT).</summary>
public enum OutcomeCategory
{
    /// <summary>The command did its job (a corrupt verdict is still a job done).</summary>
    Done,

    /// <summary>The command line was wrong: unknown option, malformed or out-of-range address, unknown type.</summary>
    UsageError,

    /// <summary>The input cannot be used: memory not in the target, no layout.</summary>
    InputUnusable,

    /// <summary>The user interrupted it (Ctrl+C, Ctrl+Break).</summary>
    Interrupted,
}

/// <param name="Category">How it ended.</param>
/// <param name="Message">One line without the command's name; null when done.</param>
public sealed record CommandOutcome(OutcomeCategory Category, string? Message)
{
    public static CommandOutcome Done { get; } = new(OutcomeCategory.Done, null);

    public static CommandOutcome Interrupted { get; } = new(OutcomeCategory.Interrupted, "interrupted");

    public static CommandOutcome Usage(string message) => new(OutcomeCategory.UsageError, message);

    public static CommandOutcome Input(string message) => new(OutcomeCategory.InputUnusable, message);
}
