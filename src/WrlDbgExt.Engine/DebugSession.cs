using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>
/// The interfaces one command needs, queried from the client the engine passed in. A session lives for one
/// command only: the header of dbgeng.h says a client may differ per call and is bound to its thread.
/// </summary>
internal sealed class DebugSession : IDisposable
{
    private DebugSession(DebugClient client, DebugControl control, DebugDataSpaces data, DebugSymbols symbols)
    {
        Client = client;
        Control = control;
        Data = data;
        Symbols = symbols;
    }

    public DebugClient Client { get; }

    public DebugControl Control { get; }

    public DebugDataSpaces Data { get; }

    public DebugSymbols Symbols { get; }

    /// <summary>The threads; null when the client lacks IDebugSystemObjects (then no thread list, no frames).</summary>
    public DebugSystemObjects? SystemObjects { get; private init; }

    /// <summary>The current thread's registers; null when the client lacks IDebugRegisters.</summary>
    public DebugRegisters? Registers { get; private init; }

    /// <summary>Null when the client lacks an interface (then nothing can be done, not even output).</summary>
    public static DebugSession? Open(nint client)
    {
        nint self = ComInterface.Query(client, DebugClient.Iid);
        nint control = ComInterface.Query(client, DebugControl.Iid);
        nint data = ComInterface.Query(client, DebugDataSpaces.Iid);
        nint symbols = ComInterface.Query(client, DebugSymbols.Iid);
        if (self != 0 && control != 0 && data != 0 && symbols != 0)
        {
            nint system = ComInterface.Query(client, DebugSystemObjects.Iid);
            nint registers = ComInterface.Query(client, DebugRegisters.Iid);
            return new DebugSession(new DebugClient(self), new DebugControl(control), new DebugDataSpaces(data), new DebugSymbols(symbols))
            {
                SystemObjects = system != 0 ? new DebugSystemObjects(system) : null,
                Registers = registers != 0 ? new DebugRegisters(registers) : null,
            };
        }
        foreach (var p in new[] { self, control, data, symbols }.Where(p => p != 0)) new Released(p).Dispose();
        return null;
    }

    public void Dispose()
    {
        Client.Dispose();
        Control.Dispose();
        Data.Dispose();
        Symbols.Dispose();
        SystemObjects?.Dispose();
        Registers?.Dispose();
    }

    private sealed class Released(nint pointer) : ComInterface(pointer);
}
