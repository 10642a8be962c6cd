using System.Reflection.PortableExecutable;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Fixtures;

/// <summary>A module-list entry for a PE file as a debugger would record it: base, size, timestamp, RSDS.</summary>
public static class PeModule
{
    public static TargetModule Read(string path, string recordedPath)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var headers = pe.PEHeaders;
        var codeView = pe.ReadDebugDirectory().First(d => d.Type == DebugDirectoryEntryType.CodeView);
        var cv = pe.ReadCodeViewDebugDirectoryData(codeView);
        return new TargetModule(recordedPath, headers.PEHeader!.ImageBase, (uint)headers.PEHeader.SizeOfImage,
            (uint)headers.CoffHeader.TimeDateStamp, null, PdbIdentity.Rsds(cv.Guid, (uint)cv.Age, cv.Path));
    }
}
