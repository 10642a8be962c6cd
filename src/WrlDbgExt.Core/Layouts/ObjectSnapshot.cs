using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// One read of a whole object (sizeof bytes) and typed access to its fields by name.
/// A field that lies past the readable prefix has no value: nothing is padded or guessed.
/// </summary>
public sealed class ObjectSnapshot
{
    private readonly byte[] _bytes;

    private ObjectSnapshot(ulong address, TypeLayout layout, byte[] bytes, int bytesRead)
    {
        Address = address;
        Layout = layout;
        _bytes = bytes;
        BytesRead = bytesRead;
    }

    public ulong Address { get; }

    public TypeLayout Layout { get; }

    /// <summary>Length of the readable prefix of the object.</summary>
    public int BytesRead { get; }

    public bool IsComplete => BytesRead == (int)Layout.Size;

    public static ObjectSnapshot Read(ITargetMemory memory, ulong address, TypeLayout layout)
    {
        var bytes = new byte[layout.Size];
        int read = memory.Read(address, bytes);
        return new ObjectSnapshot(address, layout, bytes, Math.Clamp(read, 0, bytes.Length));
    }

    public bool IsReadable(FieldLayout field) => field.Offset + (uint)field.Type.Size <= (uint)BytesRead;

    /// <summary>The field's raw bits, zero-extended; null when unreadable.</summary>
    public ulong? Raw(FieldLayout field)
    {
        if (!IsReadable(field)) return null;
        var span = _bytes.AsSpan((int)field.Offset, field.Type.Size);
        return field.Type.Size switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            8 => BinaryPrimitives.ReadUInt64LittleEndian(span),
            _ => null,
        };
    }

    public ulong? Raw(string fieldName) => Layout.Field(fieldName) is { } f ? Raw(f) : null;

    /// <summary>A 4-byte field as a signed value; null when unreadable.</summary>
    public int? Int32(string fieldName) => Raw(fieldName) is { } v ? unchecked((int)(uint)v) : null;

    public ulong FieldAddress(FieldLayout field) => Address + field.Offset;
}
