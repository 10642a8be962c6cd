using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// Which manifest flavours the tools decode: every flavour except the test-owned EXPECTED-MISSING list
/// (expected-missing-flavours.txt). Objects without a C++ type are count-or-pointer words ("-word").
/// </summary>
internal static class Flavours
{
    public static string ListPath => Path.Combine(SharedTestData.RepoRoot, "tests", "WrlDbgExt.Conformance.Tests", "expected-missing-flavours.txt");

    public static IReadOnlySet<string> ExpectedMissing { get; } = File.ReadAllLines(ListPath)
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    public static bool IsDecoded(string flavour) => !ExpectedMissing.Contains(flavour);

    /// <summary>A count-or-pointer word (decoded with <c>--word</c>), not a block.</summary>
    public static bool IsWord(FixtureObject o) => o.Type is null;

    /// <summary>IMemoryBuffer objects: <c>membuf</c> / <c>!membuf</c> decode them, not <c>weak</c>.</summary>
    public static bool IsBuffer(FixtureObject o) => o.Flavour.StartsWith("memory-buffer", StringComparison.Ordinal);

    /// <summary>The CLI's command for a decoded manifest object and its options, before the dump and the address.</summary>
    public static (string Command, string[] Options) CliCommand(FixtureObject o) =>
        IsBuffer(o) ? ("membuf", []) : IsWord(o) ? ("weak", ["--word"]) : ("weak", []);

    /// <summary>The engine's command for a decoded manifest object (with its options), before the address.</summary>
    public static string BangCommand(FixtureObject o) => IsBuffer(o) ? "!membuf" : IsWord(o) ? "!wrlweak -word" : "!wrlweak";

    /// <summary>The block and word entries of decoded flavours (object and holder entries, which have a kind, are checked elsewhere).</summary>
    public static IEnumerable<FixtureObject> Decoded(FixtureManifest manifest) => manifest.Objects.Where(o => o.Kind is null && IsDecoded(o.Flavour));
}
