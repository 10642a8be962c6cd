namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>
/// Each engine-using test records how many engine comparisons it made, one file per test
/// (<c>artifacts/test-results/engine-cases/TEST.txt</c>, or under <c>WRLDBG_ENGINE_CASES</c>).
/// <c>scripts/engine-cases.sh</c> checks them against minimums derived from the fixture manifests, so a
/// test that quietly compares nothing fails the run.
/// </summary>
public static class EngineCases
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("WRLDBG_ENGINE_CASES") is { Length: > 0 } dir
            ? dir
            : Path.Combine(SharedTestData.RepoRoot, "artifacts", "test-results", "engine-cases");

    /// <param name="test">Class.Method, plus ".ARCH" for data rows.</param>
    /// <param name="comparisons">Engine comparisons that passed.</param>
    public static void Record(string test, int comparisons)
    {
        if (test.Length == 0 || test.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            throw new ArgumentException($"'{test}' is not usable as a file name", nameof(test));
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, test + ".txt"), comparisons.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
    }
}
