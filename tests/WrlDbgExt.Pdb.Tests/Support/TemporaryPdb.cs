namespace WrlDbgExt.Pdb.Tests.Support;

/// <summary>Bytes written to a fresh temporary .pdb file, deleted on Dispose.</summary>
internal sealed class TemporaryPdb : IDisposable
{
    public TemporaryPdb(byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"wrldbg-pdb-{Guid.NewGuid():N}.pdb");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
