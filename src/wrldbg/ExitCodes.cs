using WrlDbgExt.Core.Commands;

namespace WrlDbgExt.Cli;

/// <summary>The CLI's documented exit codes (README, <c>wrldbg --help</c>).</summary>
public static class ExitCodes
{
    /// <summary>The command did its job (a corrupt verdict is still a job done).</summary>
    public const int Done = 0;

    /// <summary>A bug of ours: reported on one line, never as a stack trace.</summary>
    public const int InternalError = 1;

    /// <summary>Bad command line: unknown command or option, malformed address, unknown type.</summary>
    public const int Usage = 2;

    /// <summary>The input cannot be used: dump unreadable or malformed, address not in the dump.</summary>
    public const int InputUnusable = 3;

    /// <summary><c>triage --fail-on SEVERITY</c>: some dump holds a finding at least that severe (the run itself is done).</summary>
    public const int FindingsReached = 4;

    /// <summary>Interrupted by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public static int For(OutcomeCategory category) => category switch
    {
        OutcomeCategory.Done => Done,
        OutcomeCategory.UsageError => Usage,
        OutcomeCategory.InputUnusable => InputUnusable,
        OutcomeCategory.Interrupted => Interrupted,
        _ => InternalError,
    };

    public static string CategoryId(int code) => code switch
    {
        Usage => "usage-error",
        InputUnusable => "input-unusable",
        Interrupted => "interrupted",
        _ => "internal-error",
    };
}
