using System.Buffers.Binary;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>A little-endian byte image of one object, written field by field at explicit offsets.</summary>
public sealed class ObjectImage(int size, int pointerSize)
{
    public byte[] Bytes { get; } = new byte[size];

    public int PointerSize { get; } = pointerSize;

    public ObjectImage Int32(uint offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(Bytes.AsSpan((int)offset), value);
        return this;
    }

    public ObjectImage Byte(uint offset, byte value)
    {
        Bytes[offset] = value;
        return this;
    }

    public ObjectImage Pointer(uint offset, ulong value)
    {
        if (PointerSize == 8) BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan((int)offset), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan((int)offset), checked((uint)value));
        return this;
    }

    public ObjectImage Fill(byte value)
    {
        Bytes.AsSpan().Fill(value);
        return this;
    }
}
