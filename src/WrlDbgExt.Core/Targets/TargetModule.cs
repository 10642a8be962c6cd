namespace WrlDbgExt.Core.Targets;

/// <summary>A loaded module as the target reports it.</summary>
/// <param name="Path">Full path as recorded (a Windows path for Windows targets).</param>
/// <param name="ImageBase">Load address.</param>
/// <param name="ImageSize">SizeOfImage.</param>
/// <param name="TimeDateStamp">PE header timestamp (0 when unknown).</param>
/// <param name="FileVersion">File version from VS_FIXEDFILEINFO, or null when absent.</param>
/// <param name="Pdb">PDB identity from the CodeView record, or null when absent.</param>
public sealed record TargetModule(
    string Path,
    ulong ImageBase,
    uint ImageSize,
    uint TimeDateStamp,
    Version? FileVersion,
    PdbIdentity? Pdb)
{
    /// <summary>File name without directory; splits on both separators (Windows paths on any OS).</summary>
    public string FileName => WindowsPath.FileName(Path);

    /// <summary>Module name as the debugger engine uses it: file name without extension.</summary>
    public string ModuleName => WindowsPath.FileNameWithoutExtension(Path);

    public bool Contains(ulong address) => address >= ImageBase && address - ImageBase < ImageSize;
}
