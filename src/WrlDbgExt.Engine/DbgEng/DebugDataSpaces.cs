namespace WrlDbgExt.Engine.DbgEng;

/// <summary>IDebugDataSpaces (88F7DFAB-3EA7-4C3A-AEFB-C4E8106173AA): virtual memory reads only (the tool is read-only).</summary>
internal sealed unsafe class DebugDataSpaces(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("88F7DFAB-3EA7-4C3A-AEFB-C4E8106173AA");

    /// <summary>ReadVirtual (slot 3); the number of bytes read, 0 when none could be.</summary>
    public int ReadVirtual(ulong address, Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        uint read = 0;
        int hr;
        fixed (byte* data = buffer)
            hr = ((delegate* unmanaged<nint, ulong, byte*, uint, uint*, int>)Slot(3))(Pointer, address, data, (uint)buffer.Length, &read);
        return hr < 0 ? 0 : (int)Math.Min(read, (uint)buffer.Length);
    }
}
