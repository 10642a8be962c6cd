using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>Preconditions: the fixtures and the engine host. Missing ones skip with the reason.</summary>
internal static class Require
{
    public static void Engine()
    {
        if (!EngineRunner.Available) Assert.Inconclusive(EngineRunner.UnavailableReason);
    }

    public static IReadOnlyList<string> Targets(string arch)
    {
        var targets = FixtureSet.Targets(arch);
        if (targets.Count == 0) Assert.Inconclusive(FixtureSet.MissingReason);
        return targets;
    }

    public static IReadOnlyList<string> DumpedTargets(string arch)
    {
        var targets = Targets(arch).Where(t => FixtureSet.HasDump(arch, t)).ToList();
        if (targets.Count == 0) Assert.Inconclusive($"no {arch} fixture dump under artifacts/fixtures/{arch}");
        return targets;
    }
}
