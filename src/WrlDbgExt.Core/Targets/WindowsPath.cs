namespace WrlDbgExt.Core.Targets;

/// <summary>Splits Windows paths on any OS (Path.GetFileName on Linux does not split on '\').</summary>
public static class WindowsPath
{
    public static string FileName(string path)
    {
        int cut = path.LastIndexOfAny(['\\', '/']);
        return cut < 0 ? path : path[(cut + 1)..];
    }

    public static string FileNameWithoutExtension(string path)
    {
        var name = FileName(path);
        int dot = name.LastIndexOf('.');
        return dot <= 0 ? name : name[..dot];
    }
}
