using System.Buffers.Binary;
using WrlDbgExt.Core.Layouts;

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

    /// <summary>A field of <paramref name="layout"/>, as many bytes as the layout gives it (a bool: 0 or 1).</summary>
    public ObjectImage Set(TypeLayout layout, string field, ulong value)
    {
        var f = layout.RequiredField(field);
        var span = Bytes.AsSpan((int)f.Offset, f.Type.Size);
        Span<byte> all = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(all, value);
        if (f.Type.Size < 8 && value >> (8 * f.Type.Size) != 0) throw new ArgumentOutOfRangeException(nameof(value), $"{field}: 0x{value:x} does not fit {f.Type.Size} bytes");
        all[..f.Type.Size].CopyTo(span);
        return this;
    }

    public ObjectImage Fill(byte value)
    {
        Bytes.AsSpan().Fill(value);
        return this;
    }
}
