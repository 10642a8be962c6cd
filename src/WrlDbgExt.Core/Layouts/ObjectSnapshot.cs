using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// A whole object read at once (sizeof bytes), with typed access to its fields by name. When the
/// read is partial, each remaining field is read on its own, as the engine's <c>dt</c> does; a field
/// that still cannot be read has no value: nothing is padded or guessed.
/// </summary>
public sealed class ObjectSnapshot
{
    private readonly byte[] _bytes;

    private readonly HashSet<FieldLayout> _readable;

    private ObjectSnapshot(ulong address, TypeLayout layout, byte[] bytes, int bytesRead, HashSet<FieldLayout> readable)
    {
        Address = address;
        Layout = layout;
        _bytes = bytes;
        BytesRead = bytesRead;
        _readable = readable;
    }

    public ulong Address { get; }

    public TypeLayout Layout { get; }

    /// <summary>Length of the readable prefix of the object.</summary>
    public int BytesRead { get; }

    /// <summary>True when no field at all could be read: the object is not in the target.</summary>
    public bool NothingReadable => _readable.Count == 0;

    public static ObjectSnapshot Read(ITargetMemory memory, ulong address, TypeLayout layout)
    {
        var bytes = new byte[layout.Size];
        int read = Math.Clamp(memory.Read(address, bytes), 0, bytes.Length);
        var readable = new HashSet<FieldLayout>(ReferenceEqualityComparer.Instance);
        foreach (var field in layout.Fields)
        {
            uint end = field.Offset + (uint)field.Type.Size;
            if (end > layout.Size) continue;
            if (end <= (uint)read
                || memory.Read(address + field.Offset, bytes.AsSpan((int)field.Offset, field.Type.Size)) == field.Type.Size)
                readable.Add(field);
        }
        return new ObjectSnapshot(address, layout, bytes, read, readable);
    }

    public bool IsReadable(FieldLayout field) => _readable.Contains(field);

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
