using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace WrlDbgExt.Engine;

/// <summary>
/// The loader's entry points, answering with what the adapter computes inside the real engine:
/// <c>!wrlweak</c> prints the EngineTarget's memory regions, one <c>region START SIZE AVAILABLE</c> line each
/// (hex), after a <c>regions N</c> line. The other commands return E_NOTIMPL. Both loader contracts are
/// served: one method per command, and one <see cref="Command"/> taking the command's name.
/// </summary>
public static class Exports
{
    private const int SOk = 0;
    private const int EFail = unchecked((int)0x80004005);
    private const int ENotImpl = unchecked((int)0x80004001);

    [UnmanagedCallersOnly]
    public static int Initialize() => SOk;

    [UnmanagedCallersOnly]
    public static void Uninitialize() { }

    [UnmanagedCallersOnly]
    public static void Notify(uint notify, ulong argument) { }

    [UnmanagedCallersOnly]
    public static int WrlWeak(nint client, nint args) => Regions(client);

    [UnmanagedCallersOnly]
    public static int Command(nint name, nint client, nint args) =>
        Marshal.PtrToStringUTF8(name) == "wrlweak" ? Regions(client) : ENotImpl;

    private static int Regions(nint client)
    {
        try
        {
            using var session = DebugSession.Open(client);
            if (session is null) return EFail;
            var target = new EngineTarget(session);
            var regions = target.Regions;
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"regions {regions.Count}\n");
            foreach (var r in regions)
                text.Append(CultureInfo.InvariantCulture, $"region 0x{r.Start:x} 0x{r.Size:x} 0x{r.BytesAvailable:x}\n");
            session.Control.Write(text.ToString(), DbgEng.DebugControl.OutputNormal, dml: false);
            return SOk;
        }
        catch
        {
            return EFail;
        }
    }

    [UnmanagedCallersOnly]
    public static int MemBuf(nint client, nint args) => ENotImpl;

    [UnmanagedCallersOnly]
    public static int WrlScan(nint client, nint args) => ENotImpl;

    [UnmanagedCallersOnly]
    public static int Help(nint client, nint args) => ENotImpl;
}
