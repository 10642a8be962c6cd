namespace WrlDbgExt.Dumps.Tests;

/// <summary>Writes bytes to a fresh temporary file and deletes it again.</summary>
internal sealed class TempDumpFile : IDisposable
{
    private readonly string _directory;

    public TempDumpFile(byte[] bytes, string name = "crafted.dmp")
    {
        _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wrldbgext-dumps-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, name);
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
