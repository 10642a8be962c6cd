namespace WrlDbgExt.Cli;

/// <summary>An expected failure: its one-line message goes to stderr and its code becomes the exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Input(string message) => new(ExitCodes.InputUnusable, message);
}
