namespace WrlDbgExt.Engine.DbgEng;

/// <summary>
/// IDebugRegisters (CE289126-9E84-45A7-937E-67BB18691493): the current thread's registers (docs/debugger-engine.md
/// §15). Reading only.
/// </summary>
internal sealed unsafe class DebugRegisters(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("CE289126-9E84-45A7-937E-67BB18691493");

    private const uint DebugValueInt64 = 4; // DEBUG_VALUE_INT64

    /// <summary>GetIndexByName (slot 5), then GetValue (slot 6): a 64-bit value for an integer register, else null.</summary>
    public ulong? Value(string name)
    {
        uint index = 0;
        var ascii = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = ascii)
        {
            if (((delegate* unmanaged<nint, byte*, uint*, int>)Slot(5))(Pointer, p, &index) < 0) return null;
        }
        // DEBUG_VALUE: 32 bytes; I64 at +0 (the low bytes of every integer type), Type at +28.
        byte* value = stackalloc byte[32];
        new Span<byte>(value, 32).Clear();
        if (((delegate* unmanaged<nint, uint, byte*, int>)Slot(6))(Pointer, index, value) < 0) return null;
        uint type = *(uint*)(value + 28);
        return type switch
        {
            DebugValueInt64 => *(ulong*)value,
            3 => *(uint*)value, // DEBUG_VALUE_INT32 (x86 registers)
            _ => null,
        };
    }
}
