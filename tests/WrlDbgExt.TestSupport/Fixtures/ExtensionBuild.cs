namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>The extension folder scripts/build-extension.sh makes (artifacts/extension, with a bundled runtime for Wine).</summary>
public static class ExtensionBuild
{
    public static string Folder => Path.Combine(SharedTestData.RepoRoot, "artifacts", "extension");

    public static string Dll => Path.Combine(Folder, "wrldbgext.dll");

    public static bool Available => File.Exists(Dll) && File.Exists(Path.Combine(Folder, "WrlDbgExt.Engine.dll"));

    public const string MissingReason = "no extension under artifacts/extension: run scripts/build-extension.sh --bundle-runtime (scripts/test.sh does)";

    /// <summary>The engine command that loads the extension (Wine maps / to Z:).</summary>
    public static string LoadCommand => ".load " + WindowsPath(Dll);

    public static string WindowsPath(string linuxPath) => "Z:" + Path.GetFullPath(linuxPath).Replace('/', '\\');
}
