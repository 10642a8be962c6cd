using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WrlDbgExt.Core.Commands;

namespace WrlDbgExt.Engine;

/// <summary>
/// The managed entry points the native loader (src/native/extension) calls. Each one catches
/// everything: an exception escaping an [UnmanagedCallersOnly] method would take the debugger down.
/// </summary>
public static class Exports
{
    private const int SOk = 0;
    private const int EFail = unchecked((int)0x80004005);
    private const int EUnexpected = unchecked((int)0x8000FFFF);

    /// <summary>Called on every <c>.load</c>; commands create their state per call, so it is idempotent.</summary>
    [UnmanagedCallersOnly]
    public static int Initialize()
    {
        try
        {
            RuntimeHelpers.RunClassConstructor(typeof(ExtensionCommands).TypeHandle);
            return SOk;
        }
        catch
        {
            return EFail;
        }
    }

    [UnmanagedCallersOnly]
    public static void Uninitialize()
    {
        try { EngineLayoutCache.Clear(); } catch { /* nothing may escape */ }
    }

    /// <summary>Session notifications: the only state kept between commands, the layout cache, is dropped.</summary>
    [UnmanagedCallersOnly]
    public static void Notify(uint notify, ulong argument)
    {
        try { EngineLayoutCache.Clear(); } catch { /* nothing may escape */ }
    }

    [UnmanagedCallersOnly]
    public static int WrlWeak(nint client, nint args) => Run("wrlweak", client, args);

    [UnmanagedCallersOnly]
    public static int MemBuf(nint client, nint args) => Run("membuf", client, args);

    [UnmanagedCallersOnly]
    public static int WrlScan(nint client, nint args) => Run("wrlscan", client, args);

    [UnmanagedCallersOnly]
    public static int Help(nint client, nint args) => Run("help", client, args);

    private static int Run(string name, nint client, nint args)
    {
        DebugSession? session = null;
        try
        {
            session = DebugSession.Open(client);
            if (session is null) return EUnexpected;
            var command = ExtensionCommands.Find(name)!;
            var host = new EngineCommandHost(session);
            try
            {
                return ExtensionCommands.Invoke(command, host, Marshal.PtrToStringUTF8(args)) ? SOk : EFail;
            }
            catch (Exception e)
            {
                host.WriteError($"{name}: internal error: {e.GetType().Name}: {OneLine(e.Message)}\n");
                return EFail;
            }
        }
        catch
        {
            return EFail;
        }
        finally
        {
            try { session?.Dispose(); } catch { /* never let a Release fault escape */ }
        }
    }

    private static string OneLine(string text) => new(text.ReplaceLineEndings(" ").Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
