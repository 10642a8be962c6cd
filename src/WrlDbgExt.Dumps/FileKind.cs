using System.Runtime.InteropServices;

namespace WrlDbgExt.Dumps;

/// <summary>
/// Tells regular files from FIFOs, devices and sockets without opening them: opening a FIFO for reading
/// blocks until a writer appears, and a character device may never end.
/// </summary>
public static class FileKind
{
    // st_mode file-type bits (POSIX values; .NET's System.Native shim reports them unchanged).
    private const int TypeMask = 0xF000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int Directory = 0x4000;
    private const int BlockDevice = 0x6000;
    private const int Regular = 0x8000;
    private const int Socket = 0xC000;

    /// <summary>
    /// Null for a regular file, a missing path or when the kind cannot be told (the open that follows then
    /// reports it); otherwise the reason, e.g. <c>is not a regular file (a FIFO)</c>. Follows symbolic links.
    /// </summary>
    public static string? NotRegularReason(string path)
    {
        if (OperatingSystem.IsWindows())
            return path.StartsWith(@"\\.\", StringComparison.Ordinal) ? "is not a regular file (a device)" : null;
        int? mode = StatMode(path);
        return (mode & TypeMask) switch
        {
            null or Regular or Directory => null,
            Fifo => "is not a regular file (a FIFO)",
            CharacterDevice => "is not a regular file (a character device)",
            BlockDevice => "is not a regular file (a block device)",
            Socket => "is not a regular file (a socket)",
            _ => "is not a regular file",
        };
    }

    private static int? StatMode(string path)
    {
        if (path.Length == 0 || path.Contains('\0'))
            return null;
        // FileStatus starts { int Flags; int Mode; ... }; the buffer is far larger than the whole struct.
        var status = new byte[512];
        try
        {
            return SystemNativeStat(path, status) == 0 ? BitConverter.ToInt32(status, 4) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a runtime without the shim: the kind is unknown, not wrong
        }
    }

    // BCL file APIs do not expose the file type on Unix; this is the runtime's own stat wrapper.
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    private static extern int SystemNativeStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
