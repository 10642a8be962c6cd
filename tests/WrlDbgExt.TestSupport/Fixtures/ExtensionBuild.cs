namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>The extension folder scripts/build-extension.sh makes (artifacts/extension, with a bundled runtime for Wine).</summary>
public static class ExtensionBuild
{
    public static string Folder => Path.Combine(SharedTestData.RepoRoot, "artifacts", "extension");

    public static string Dll => Path.Combine(Folder, "wrldbgext.dll");

    /// <summary>src/native/extension: the loader's sources and the files the build copies into <see cref="Folder"/>.</summary>
    public static string SourceFolder => Path.Combine(SharedTestData.RepoRoot, "src", "native", "extension");

    public static bool Available => Prerequisites.Extension.Available;

    public static string MissingReason => Prerequisites.Extension.Reason;

    /// <summary>The engine command that loads the extension (Wine maps / to Z:).</summary>
    public static string LoadCommand => ".load " + WindowsPath(Dll);

    public static string WindowsPath(string linuxPath) => "Z:" + Path.GetFullPath(linuxPath).Replace('/', '\\');
}
