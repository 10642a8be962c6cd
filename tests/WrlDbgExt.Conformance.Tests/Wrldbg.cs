namespace WrlDbgExt.Conformance.Tests;

/// <summary>Runs the wrldbg CLI in-process and keeps its exact stdout.</summary>
internal static class Wrldbg
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Cli.Cli.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
