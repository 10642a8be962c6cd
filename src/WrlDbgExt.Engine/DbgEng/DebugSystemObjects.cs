namespace WrlDbgExt.Engine.DbgEng;

/// <summary>
/// IDebugSystemObjects (6B86FE2C-2C4F-4F0C-9DA2-174311ACC327): the target's threads (docs/debugger-engine.md §2).
/// Reading only; the current thread is switched for a stack walk and always put back.
/// </summary>
internal sealed unsafe class DebugSystemObjects(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("6B86FE2C-2C4F-4F0C-9DA2-174311ACC327");

    /// <summary>GetCurrentThreadId (slot 5): the engine's id of the current thread.</summary>
    public uint? CurrentThreadId
    {
        get
        {
            uint id = 0;
            return ((delegate* unmanaged<nint, uint*, int>)Slot(5))(Pointer, &id) >= 0 ? id : null;
        }
    }

    /// <summary>SetCurrentThreadId (slot 6).</summary>
    public bool SetCurrentThreadId(uint id) => ((delegate* unmanaged<nint, uint, int>)Slot(6))(Pointer, id) >= 0;

    /// <summary>GetNumberThreads (slot 9), then GetThreadIdsByIndex (slot 11): (engine id, OS id) of every thread.</summary>
    public IReadOnlyList<(uint EngineId, uint SystemId)> Threads()
    {
        uint count = 0;
        if (((delegate* unmanaged<nint, uint*, int>)Slot(9))(Pointer, &count) < 0 || count == 0 || count > 100_000) return [];
        var ids = new uint[count];
        var sys = new uint[count];
        fixed (uint* pi = ids)
        fixed (uint* ps = sys)
        {
            if (((delegate* unmanaged<nint, uint, uint, uint*, uint*, int>)Slot(11))(Pointer, 0, count, pi, ps) < 0) return [];
        }
        return [.. ids.Zip(sys)];
    }

    /// <summary>GetCurrentThreadTeb (slot 15).</summary>
    public ulong? CurrentThreadTeb
    {
        get
        {
            ulong teb = 0;
            return ((delegate* unmanaged<nint, ulong*, int>)Slot(15))(Pointer, &teb) >= 0 ? teb : null;
        }
    }
}
