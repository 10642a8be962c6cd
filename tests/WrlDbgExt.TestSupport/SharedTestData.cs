namespace WrlDbgExt.TestSupport;

/// <summary>Finds the repository root and the team's shared test data (../shared beside the checkout).</summary>
public static class SharedTestData
{
    /// <summary>The folder holding WrlDbgExt.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/testdata/realdumps, or null when this checkout has no ../shared beside it.</summary>
    public static string? RealDumps
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "testdata", "realdumps"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    /// <summary>Path of a real dump relative to the realdumps folder, or null when ../shared is absent.</summary>
    public static string? RealDump(string relativePath) =>
        RealDumps is { } root ? Path.Combine(root, relativePath) : null;

    public const string AbsentReason = "../shared/testdata/realdumps is not beside this checkout; the real-dump tests need it";

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "WrlDbgExt.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("WrlDbgExt.sln not found above " + AppContext.BaseDirectory);
    }
}
