using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// Preconditions, from scripts/probe.sh. Missing ones skip with the probe's reason; under CI=true they
/// fail with it, so a CI run without the engine cannot pass.
/// </summary>
internal static class Require
{
    [DoesNotReturn]
    public static void Missing(string reason)
    {
        if (Prerequisites.IsCi) Assert.Fail(reason);
        Assert.Inconclusive(reason);
        throw new UnreachableException();
    }

    public static void That(Prerequisites.Fact fact)
    {
        if (!fact.Available) Missing(fact.Reason);
    }

    public static void Engine() => That(Prerequisites.Engine);

    /// <summary>The engine plus the built extension folder (for the files it ships; loading the DLL needs <see cref="Extension"/>).</summary>
    public static void ExtensionFolder()
    {
        Engine();
        That(Prerequisites.Extension);
    }

    /// <summary>The engine plus the extension folder with its bundled Windows .NET (Wine has no other).</summary>
    public static void Extension()
    {
        Engine();
        That(Prerequisites.Extension);
        That(Prerequisites.ExtensionRuntime);
    }

    /// <summary>A fixture file that must exist (a dump, an exe); missing = the arch's fixtures are incomplete.</summary>
    public static string FixtureFile(string arch, string target, string extension)
    {
        var path = FixtureSet.File(arch, target, extension);
        if (!File.Exists(path)) Missing($"{path} is missing. {Prerequisites.Fixtures(arch).Reason}".TrimEnd());
        return path;
    }

    public static IReadOnlyList<string> Targets(string arch)
    {
        That(Prerequisites.Fixtures(arch));
        var targets = FixtureSet.Targets(arch);
        if (targets.Count == 0) Missing($"no {arch} manifests under {FixtureSet.Folder(arch)}");
        return targets;
    }

    public static IReadOnlyList<string> DumpedTargets(string arch)
    {
        That(Prerequisites.Dumps(arch));
        var targets = Targets(arch).Where(t => FixtureSet.HasDump(arch, t)).ToList();
        if (targets.Count == 0) Missing($"no {arch} manifest has a dump beside it under {FixtureSet.Folder(arch)}");
        return targets;
    }
}
