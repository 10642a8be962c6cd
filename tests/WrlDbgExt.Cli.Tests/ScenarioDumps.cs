using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Cli.Tests;

/// <summary>One handcrafted dump per architecture for the whole test run, deleted at the end.</summary>
[TestClass]
public static class ScenarioDumps
{
    private static readonly Lazy<(WrlScenario, string)> X64 = new(() => Make(TargetArchitecture.X64));
    private static readonly Lazy<(WrlScenario, string)> X86 = new(() => Make(TargetArchitecture.X86));

    public static (WrlScenario Scenario, string Path) For(TargetArchitecture arch) =>
        arch == TargetArchitecture.X86 ? X86.Value : X64.Value;

    private static (WrlScenario, string) Make(TargetArchitecture arch)
    {
        var scenario = new WrlScenario(arch);
        return (scenario, ScenarioDump.WriteTemp(scenario));
    }

    [AssemblyCleanup]
    public static void Cleanup()
    {
        foreach (var lazy in new[] { X64, X86 })
            if (lazy.IsValueCreated) File.Delete(lazy.Value.Item2);
    }
}
