using System.Diagnostics;

namespace WrlDbgExt.Cli.Tests;

/// <summary>Runs the CLI in-process (fast) or as a real child process (exit codes, stderr as users see them).</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        int code = Cli.Run(args, stdout, stderr);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The child is the built wrldbg.dll, or the executable WRLDBG_CLI_EXE names (the NativeAOT build, say).</summary>
    public static Result RunProcess(params string[] args)
    {
        var exe = Environment.GetEnvironmentVariable("WRLDBG_CLI_EXE");
        var psi = new ProcessStartInfo(string.IsNullOrEmpty(exe) ? "dotnet" : exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (string.IsNullOrEmpty(exe)) psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "wrldbg.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr);
    }
}
