namespace WrlDbgExt.Engine.DbgEng;

/// <summary>
/// A COM interface pointer we own one reference to, called through its vtable by slot number
/// (slot numbers from dbgeng.h; derived interfaces repeat their bases' slots first).
/// </summary>
internal unsafe class ComInterface : IDisposable
{
    private nint _pointer;

    protected ComInterface(nint pointer) => _pointer = pointer;

    public nint Pointer => _pointer != 0 ? _pointer : throw new ObjectDisposedException(GetType().Name);

    /// <summary>The function pointer in vtable slot <paramref name="slot"/>.</summary>
    protected void* Slot(int slot) => (*(void***)Pointer)[slot];

    /// <summary>QueryInterface on any interface pointer; 0 when the object does not implement <paramref name="iid"/>.</summary>
    public static nint Query(nint unknown, Guid iid)
    {
        if (unknown == 0) return 0;
        nint result = 0;
        var qi = (delegate* unmanaged<nint, Guid*, nint*, int>)(*(void***)unknown)[0];
        return qi(unknown, &iid, &result) >= 0 ? result : 0;
    }

    public void Dispose()
    {
        if (_pointer == 0) return;
        var release = (delegate* unmanaged<nint, uint>)(*(void***)_pointer)[2];
        release(_pointer);
        _pointer = 0;
    }
}
