using System.Diagnostics;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// scripts/wrldbg, the CLI runner, on a private copy of the sources (so the tests may touch them): several
/// first uses at once, a symlink from elsewhere, freshness by sources only, and a PATH without dotnet.
/// </summary>
[TestClass]
public class ScriptTests
{
    private const string FirstUse = "wrldbg: building the CLI (first use)...";
    private const string Rebuild = "wrldbg: rebuilding the CLI (sources changed)...";

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>The copy: src (without bin/obj), the root props and NuGet.config, scripts/wrldbg.</summary>
    private sealed class Tree
    {
        public Tree()
        {
            Root = Directory.CreateTempSubdirectory("wrldbg-script-tests-").FullName;
            var repo = SharedTestData.RepoRoot;
            CopySources(Path.Combine(repo, "src"), Path.Combine(Root, "src"));
            foreach (var f in Directory.GetFiles(repo, "Directory.*.props").Append(Path.Combine(repo, "NuGet.config")))
                File.Copy(f, Path.Combine(Root, Path.GetFileName(f)));
            Directory.CreateDirectory(Path.Combine(Root, "scripts"));
            File.Copy(Path.Combine(repo, "scripts", "wrldbg"), Script); // keeps the mode (executable)
            Out = Path.Combine(Root, "fresh-out");
        }

        public string Root { get; }

        public string Script => Path.Combine(Root, "scripts", "wrldbg");

        /// <summary>A fresh output folder (WRLDBG_OUT): it does not exist before the first use.</summary>
        public string Out { get; }

        private static void CopySources(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
            foreach (var d in Directory.GetDirectories(from).Where(d => Path.GetFileName(d) is not ("bin" or "obj")))
                CopySources(d, Path.Combine(to, Path.GetFileName(d)));
        }
    }

    private static readonly Lazy<Tree> Copy = new(() => new Tree());

    /// <summary>Three first uses started together, once per test run (the other tests reuse the built folder).</summary>
    private static readonly Lazy<Run[]> ThreeAtOnce = new(() =>
    {
        var tree = Copy.Value;
        var runs = Enumerable.Range(0, 3).Select(_ => Start(tree.Script, tree.Out, Sample, "--json")).ToList();
        return runs.Select(Finish).ToArray();
    });

    private static string Sample => Path.Combine(SharedTestData.RepoRoot, "tests", "samples", "weak_refs-x64.dmp");

    private static Process Start(string script, string? output, params string[] args) => StartWith(script, output, null, null, args);

    /// <summary>Runs <c>SCRIPT info ARGS</c> as a user would: the script itself is executed (its #! line).</summary>
    private static Process StartWith(string script, string? output, string? path, string? workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        psi.ArgumentList.Add("info");
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (output is null) psi.Environment.Remove("WRLDBG_OUT"); else psi.Environment["WRLDBG_OUT"] = output;
        if (path is not null) psi.Environment["PATH"] = path;
        return Process.Start(psi)!;
    }

    private static Run Finish(Process p)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("scripts/wrldbg did not finish");
        }
        var run = new Run(p.ExitCode, stdout.Result, stderr.Result);
        p.Dispose();
        return run;
    }

    [TestMethod]
    public void ThreeFirstUsesAtOnceBuildOnceAndAllRun()
    {
        var runs = ThreeAtOnce.Value;
        foreach (var r in runs) Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.IsTrue(runs.All(r => r.Stdout == runs[0].Stdout && r.Stdout.Contains("\"schema\"", StringComparison.Ordinal)), runs[0].Stdout);
        Assert.AreEqual(1, runs.Count(r => r.Stderr.Contains(FirstUse, StringComparison.Ordinal)),
            "one build; the others waited for it:\n" + string.Join("\n---\n", runs.Select(r => r.Stderr)));
        Assert.IsTrue(runs.All(r => !r.Stderr.Contains(Rebuild, StringComparison.Ordinal)));
        Assert.IsTrue(File.Exists(Path.Combine(Copy.Value.Out, "wrldbg.dll")));
        Assert.AreEqual(0, Directory.GetDirectories(Path.GetDirectoryName(Copy.Value.Out)!, "fresh-out.new.*").Length, "no temporary build folder left");
    }

    [TestMethod]
    public void ASymlinkToTheScriptFromElsewhereRunsTheBuiltCli()
    {
        _ = ThreeAtOnce.Value;
        var elsewhere = Directory.CreateTempSubdirectory("wrldbg-link-").FullName;
        try
        {
            var link = Path.Combine(elsewhere, "wrldbg");
            File.CreateSymbolicLink(link, Copy.Value.Script);
            var r = Finish(StartWith(link, Copy.Value.Out, null, elsewhere, Sample, "--json"));
            Assert.AreEqual(0, r.ExitCode, r.Stderr);
            Assert.AreEqual(ThreeAtOnce.Value[0].Stdout, r.Stdout);
            Assert.AreEqual("", r.Stderr, "built already: nothing to say");
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [TestMethod]
    public void OnlySourcesMakeItRebuild()
    {
        _ = ThreeAtOnce.Value;
        var tree = Copy.Value;
        // Generated files under bin/ and obj/ are not sources, however new.
        foreach (var generated in new[] { Path.Combine(tree.Root, "src", "wrldbg", "obj", "Generated.cs"), Path.Combine(tree.Root, "src", "WrlDbgExt.Core", "bin", "x.csproj") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(generated)!);
            File.WriteAllText(generated, "// generated\n");
            File.SetLastWriteTimeUtc(generated, DateTime.UtcNow.AddMinutes(1));
        }
        var quiet = Finish(Start(tree.Script, tree.Out, Sample));
        Assert.AreEqual(0, quiet.ExitCode, quiet.Stderr);
        Assert.AreEqual("", quiet.Stderr, "bin/ and obj/ changes rebuild nothing");

        var source = Path.Combine(tree.Root, "src", "wrldbg", "Program.cs");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        var rebuilt = Finish(Start(tree.Script, tree.Out, Sample));
        Assert.AreEqual(0, rebuilt.ExitCode, rebuilt.Stderr);
        StringAssert.Contains(rebuilt.Stderr, Rebuild);
        Assert.AreEqual(quiet.Stdout, rebuilt.Stdout);
    }

    [TestMethod]
    public void WithoutDotnetOnPathItSaysSoPlainly()
    {
        // A PATH holding only what the script needs before looking for dotnet ("#!/usr/bin/env bash" needs bash).
        var bin = Directory.CreateTempSubdirectory("wrldbg-nodotnet-").FullName;
        try
        {
            foreach (var tool in new[] { "bash", "readlink", "dirname" })
                File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool));
            var r = Finish(StartWith(Path.Combine(SharedTestData.RepoRoot, "scripts", "wrldbg"), null, bin, null, Sample));
            Assert.AreEqual(1, r.ExitCode);
            Assert.AreEqual("wrldbg: the .NET SDK (dotnet) is not on PATH; install .NET 10\n", r.Stderr);
            Assert.AreEqual("", r.Stdout);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    [ClassCleanup]
    public static void RemoveTheCopy()
    {
        if (Copy.IsValueCreated) Directory.Delete(Copy.Value.Root, recursive: true);
    }
}
