using System.Diagnostics;

namespace WrlDbgExt.TestSupport;

/// <summary>
/// What the engine test loop can use here, from <c>scripts/probe.sh</c> (run once per test process), so
/// the tests and <c>scripts/test.sh</c> give the same reasons. Under CI a missing part is a failure.
/// </summary>
public static class Prerequisites
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Facts = new(RunProbe);

    /// <summary>The probe says CI=true: tests must fail, not skip, when something is missing.</summary>
    public static bool IsCi => Get("ci") == "yes";

    public static Fact Engine => Fact.Of("engine");

    public static Fact DbgEngPackage => Fact.Of("dbgeng");

    public static Fact Extension => Fact.Of("extension");

    public static Fact ExtensionRuntime => Fact.Of("extension.runtime");

    public static Fact EngineProbe => Fact.Of("engine_probe");

    public static Fact Wine32 => Fact.Of("wine32");

    /// <summary>x86 targets can run under the x86 engine (wine32, a kernel that runs 32-bit code), so
    /// make-fixtures dumps them live instead of only writing the writer-made x86 twin.</summary>
    public static Fact X86Live => Fact.Of("x86_live");

    /// <summary>llvm-pdbutil (Debian package llvm): the PDB reader tests' oracle.</summary>
    public static Fact LlvmPdbUtil => Fact.Of("llvm_pdbutil");

    /// <summary>clang++ and lld-link: the PDB reader tests compile their layouts PDB with them.</summary>
    public static Fact ClangLld => Fact.Of("clang_lld");

    /// <summary>Manifests under artifacts/fixtures/ARCH.</summary>
    public static Fact Fixtures(string arch) => Fact.Of("fixtures." + arch);

    /// <summary>At least one dump under artifacts/fixtures/ARCH.</summary>
    public static Fact Dumps(string arch) => Fact.Of("dumps." + arch);

    /// <summary>The probe's raw value for <paramref name="key"/>, or null.</summary>
    public static string? Get(string key) => Facts.Value.TryGetValue(key, out var v) ? v : null;

    public static string Script => Path.Combine(SharedTestData.RepoRoot, "scripts", "probe.sh");

    private static IReadOnlyDictionary<string, string> RunProbe()
    {
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add(Script);
            using var process = Process.Start(psi)!;
            var stderr = process.StandardError.ReadToEndAsync();
            foreach (var line in process.StandardOutput.ReadToEnd().Split('\n'))
            {
                int eq = line.IndexOf('=');
                if (eq > 0) facts[line[..eq]] = line[(eq + 1)..];
            }
            process.WaitForExit();
            if (process.ExitCode != 0 || !facts.ContainsKey("probe"))
                facts["probe.error"] = $"scripts/probe.sh failed (exit {process.ExitCode}): {stderr.Result.Trim()}";
        }
        catch (Exception e)
        {
            facts["probe.error"] = $"scripts/probe.sh could not run: {e.Message}";
        }
        // Without a working probe, CI still has to fail: decide it from the environment then.
        if (!facts.ContainsKey("ci"))
            facts["ci"] = Environment.GetEnvironmentVariable("CI") is "true" or "TRUE" or "True" or "1" ? "yes" : "no";
        return facts;
    }

    /// <param name="Name">The probe's key, e.g. <c>engine</c>.</param>
    /// <param name="Available">The probe said yes.</param>
    /// <param name="Reason">The probe's reason when not available (empty otherwise).</param>
    /// <param name="Path">Where it is, when the probe names one place.</param>
    public sealed record Fact(string Name, bool Available, string Reason, string? Path)
    {
        internal static Fact Of(string name)
        {
            var value = Get(name);
            var reason = Get(name + ".reason")
                ?? (Get("probe.error") is { } error ? error : value is null ? $"scripts/probe.sh reported no '{name}'" : "");
            return new Fact(name, value == "yes", value == "yes" ? "" : reason, Get(name + ".path"));
        }
    }
}
