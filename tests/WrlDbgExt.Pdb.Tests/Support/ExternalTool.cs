using System.Diagnostics;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Pdb.Tests.Support;

/// <summary>
/// Runs the Debian tools the tests rely on: llvm-pdbutil (the oracle) and clang++ / lld-link (the layouts PDB).
/// Whether they are there is the probe's answer (<see cref="Prerequisites"/>); a missing one fails under CI=true
/// and skips otherwise.
/// </summary>
internal static class ExternalTool
{
    /// <summary>Fails under CI=true, otherwise skips, when the probe says <paramref name="name"/> is missing.</summary>
    public static void Require(string name)
    {
        var fact = name is "llvm-pdbutil" or "llvm-undname" ? Prerequisites.LlvmPdbUtil : Prerequisites.ClangLld; // both in Debian's llvm
        if (fact.Available) return;
        if (Prerequisites.IsCi) Assert.Fail(fact.Reason);
        Assert.Inconclusive(fact.Reason);
    }

    /// <summary>Runs the tool and returns its standard output; a non-zero exit fails the test.</summary>
    public static string Run(string name, params string[] arguments)
    {
        Require(name);
        var psi = new ProcessStartInfo(name) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            Assert.Fail($"{name} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result.Trim()}");
        return stdout;
    }
}
