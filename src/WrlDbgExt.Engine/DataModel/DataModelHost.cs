using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.DataModel;

/// <summary>
/// The engine's data model as the extension holds it: the manager and the host's symbols and evaluator,
/// reached through IHostDataModelAccess on a client made with the loaded dbgeng's DebugCreate (docs/debugger-engine.md §5).
/// Every model object keeps this instance: the engine may call a model after Uninitialize (a <c>dx</c> variable holds
/// it), so the pointers are never released (one set per <c>.load</c>; the process ends them).
/// </summary>
internal sealed partial class DataModelHost
{
    private static readonly Guid HostDataModelAccessIid = new("F2BCE54E-4835-4F8A-836E-7981E29904D1");

    private DataModelHost(nint host, DataModelManager manager, DebugHostSymbols symbols, DebugHostEvaluator evaluator)
    {
        _host = host;
        Manager = manager;
        Symbols = symbols;
        Evaluator = evaluator;
    }

    private readonly nint _host; // IDebugHost, kept (see the class comment)

    public DataModelManager Manager { get; }

    public DebugHostSymbols Symbols { get; }

    public DebugHostEvaluator Evaluator { get; }

    /// <summary>Null (and <paramref name="why"/>) when the engine has no data model: then only the bang commands exist.
    /// DebugExtensionInitialize is given no client: one is made with the loaded dbgeng's DebugCreate, for this only.</summary>
    public static unsafe DataModelHost? Connect(out string why)
    {
        nint client = CreateClient(out why);
        if (client == 0) return null;
        try
        {
            nint access = ComInterface.Query(client, HostDataModelAccessIid);
            if (access == 0) { why = "the engine has no data model (no IHostDataModelAccess)"; return null; }
            nint manager = 0, host = 0;
            int hr = ((delegate* unmanaged<nint, nint*, nint*, int>)(*(void***)access)[3])(access, &manager, &host);
            ModelObject.Release(access);
            if (hr < 0 || manager == 0 || host == 0) { why = $"GetDataModel failed (0x{hr:x8})"; return null; }
            nint symbols = ComInterface.Query(host, DebugHostSymbols.Iid), evaluator = ComInterface.Query(host, DebugHostEvaluator.Iid);
            if (symbols == 0 || evaluator == 0) { why = "the data model host lacks IDebugHostSymbols or IDebugHostEvaluator"; return null; }
            why = "";
            return new DataModelHost(host, new DataModelManager(manager), new DebugHostSymbols(symbols), new DebugHostEvaluator(evaluator));
        }
        finally
        {
            ModelObject.Release(client);
        }
    }

    /// <summary>IDebugHost::GetCurrentContext (slot 4): a new reference, or 0.</summary>
    public unsafe nint CurrentContext()
    {
        nint context = 0;
        return ((delegate* unmanaged<nint, nint*, int>)(*(void***)_host)[4])(_host, &context) >= 0 ? context : 0;
    }

    /// <summary>
    /// A DbgEng session on the engine's own client (IDebugHost::GetHostDefinedInterface, slot 3: DbgEng's IDebugClient),
    /// for the decoders: the same target the bang commands read, and muting it silences the engine's chatter in a
    /// <c>dx</c> answer as it does in a command. Null when the host gives none.
    /// </summary>
    public unsafe DebugSession? OpenSession()
    {
        nint unknown = 0;
        if (((delegate* unmanaged<nint, nint*, int>)(*(void***)_host)[3])(_host, &unknown) < 0 || unknown == 0) return null;
        try
        {
            return DebugSession.Open(unknown);
        }
        finally
        {
            ModelObject.Release(unknown);
        }
    }

    private static unsafe nint CreateClient(out string why)
    {
        nint dbgeng = GetModuleHandleW("dbgeng.dll");
        if (dbgeng == 0) { why = "dbgeng.dll is not loaded"; return 0; }
        nint create = GetProcAddress(dbgeng, "DebugCreate");
        if (create == 0) { why = "dbgeng.dll has no DebugCreate"; return 0; }
        var iid = DebugClient.Iid;
        nint client = 0;
        int hr = ((delegate* unmanaged[Stdcall]<Guid*, nint*, int>)create)(&iid, &client);
        why = hr < 0 ? $"DebugCreate failed (0x{hr:x8})" : "";
        return hr < 0 ? 0 : client;
    }

    [LibraryImport("kernel32.dll", StringMarshalling = StringMarshalling.Utf16)]
    private static partial nint GetModuleHandleW(string name);

    [LibraryImport("kernel32.dll", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint GetProcAddress(nint module, string name);
}
