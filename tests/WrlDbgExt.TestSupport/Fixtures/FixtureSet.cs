namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>
/// The engine-made fixtures that <c>scripts/make-fixtures.sh</c> writes under <c>artifacts/fixtures/ARCH/</c>:
/// per scenario target an <c>.exe</c>, its <c>.pdb</c>, the <c>.manifest.json</c> and, where a dump could be
/// made, the <c>.dmp</c>.
/// </summary>
public static class FixtureSet
{
    public static string Root => Path.Combine(SharedTestData.RepoRoot, "artifacts", "fixtures");

    public static string Folder(string arch) => Path.Combine(Root, arch);

    public static string File(string arch, string target, string extension) => Path.Combine(Folder(arch), target + extension);

    /// <summary>An empty folder for a symbol path that finds no PDB.</summary>
    public static string NoSymbolsFolder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wrldbg-no-symbols");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>The scenario targets that have a manifest for <paramref name="arch"/>.</summary>
    public static IReadOnlyList<string> Targets(string arch) =>
        Directory.Exists(Folder(arch))
            ? Directory.GetFiles(Folder(arch), "*.manifest.json").Select(p => Path.GetFileName(p)[..^".manifest.json".Length]).Order().ToList()
            : [];

    public static bool HasDump(string arch, string target) => System.IO.File.Exists(File(arch, target, ".dmp"));
}
