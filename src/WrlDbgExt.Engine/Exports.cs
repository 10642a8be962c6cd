using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using WrlDbgExt.Core.Commands;

namespace WrlDbgExt.Engine;

/// <summary>
/// The managed entry points the native loader (src/native/extension) calls. Every bang command goes through
/// <see cref="Command"/> with its name, so the commands are exactly the core's declarations. Each entry point
/// catches everything: an exception escaping an [UnmanagedCallersOnly] method would take the debugger down.
/// </summary>
public static class Exports
{
    private const int SOk = 0;
    private const int EFail = unchecked((int)0x80004005);
    private const int EInvalidArg = unchecked((int)0x80070057);
    private const int EUnexpected = unchecked((int)0x8000FFFF);
    private const int ECancelled = unchecked((int)0x800704C7); // HRESULT_FROM_WIN32(ERROR_CANCELLED)

    /// <summary>Called on every <c>.load</c>; commands create their state per call, so it is idempotent.</summary>
    [UnmanagedCallersOnly]
    public static int Initialize()
    {
        try
        {
            RuntimeHelpers.RunClassConstructor(typeof(CommandCatalog).TypeHandle);
            DataModel.ModelRegistry.Register(); // a failure keeps the commands (ModelRegistry.Failure says why)
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
        try
        {
            DataModel.ModelRegistry.Unregister();
            EngineSessionCache.Clear();
        }
        catch { /* nothing may escape */ }
    }

    /// <summary>Session notifications: the state kept between commands (layouts, the models' verdicts) is dropped.</summary>
    [UnmanagedCallersOnly]
    public static void Notify(uint notify, ulong argument)
    {
        try
        {
            EngineSessionCache.Clear();
            DataModel.ModelCache.Clear();
        }
        catch { /* nothing may escape */ }
    }

    /// <summary><c>!NAME args</c>: <paramref name="name"/> and <paramref name="args"/> are the engine's PCSTRs (args may be NULL).</summary>
    [UnmanagedCallersOnly]
    public static int Command(nint name, nint client, nint args)
    {
        DebugSession? session = null;
        string commandName = "wrldbgext";
        try
        {
            commandName = Marshal.PtrToStringUTF8(name) ?? "";
            session = DebugSession.Open(client);
            if (session is null) return EUnexpected;
            return Run(session, commandName, Marshal.PtrToStringUTF8(args));
        }
        catch (Exception e)
        {
            try { session?.Control.Write($"{commandName}: internal error: {ExtensionDispatcher.OneLine(e.Message)}\n", DbgEng.DebugControl.OutputError, dml: false); }
            catch { /* the session itself failed */ }
            return EFail;
        }
        finally
        {
            try { session?.Dispose(); } catch { /* never let a Release fault escape */ }
        }
    }

    internal static int Run(DebugSession session, string name, string? args) =>
        ExtensionDispatcher.Invoke(new EngineExtensionSession(session), name, args).Category switch
        {
            OutcomeCategory.Done => SOk,
            OutcomeCategory.UsageError => EInvalidArg,
            OutcomeCategory.Interrupted => ECancelled,
            _ => EFail,
        };

    private sealed class EngineExtensionSession(DebugSession session) : IExtensionSession
    {
        public ICommandContext CreateContext(bool json) => new EngineCommandContext(session, json);

        public void WriteText(string text) => session.Control.Write(text, DbgEng.DebugControl.OutputNormal, dml: false);

        public void WriteError(string text) => session.Control.Write(text, DbgEng.DebugControl.OutputError, dml: false);
    }
}
