using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Cli.Tests;

/// <summary>One handcrafted dump per architecture for the whole test run, deleted at the end.</summary>
[TestClass]
public static class ScenarioDumps
{
    private static readonly Lazy<(WrlScenario, string)> X64 = new(() => Make(TargetArchitecture.X64));
    private static readonly Lazy<(WrlScenario, string)> X86 = new(() => Make(TargetArchitecture.X86));
    private static readonly Lazy<(IReadOnlyList<BlockScenario>, string)> AllX64 = new(() => MakeAll(TargetArchitecture.X64));
    private static readonly Lazy<(IReadOnlyList<BlockScenario>, string)> AllX86 = new(() => MakeAll(TargetArchitecture.X86));

    public static (WrlScenario Scenario, string Path) For(TargetArchitecture arch) =>
        arch == TargetArchitecture.X86 ? X86.Value : X64.Value;

    /// <summary>Every flavour's scenario in one dump (each in its own arena), as the fixtures' writer-made twin lays them out.</summary>
    public static (IReadOnlyList<BlockScenario> Scenarios, string Path) AllFlavours(TargetArchitecture arch) =>
        arch == TargetArchitecture.X86 ? AllX86.Value : AllX64.Value;

    private static (IReadOnlyList<BlockScenario>, string) MakeAll(TargetArchitecture arch)
    {
        var scenarios = TwinFlavour.All.Select(f => new BlockScenario(f, arch)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"wrldbg-all-{arch.DisplayName()}-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, ScenarioDump.Build(scenarios));
        return (scenarios, path);
    }

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
        foreach (var lazy in new[] { AllX64, AllX86 })
            if (lazy.IsValueCreated) File.Delete(lazy.Value.Item2);
    }
}
