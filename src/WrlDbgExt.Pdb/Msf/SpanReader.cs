using System.Buffers.Binary;
using System.Text;

namespace WrlDbgExt.Pdb.Msf;

/// <summary>
/// A bounds-checked little-endian cursor over bytes already read from a stream. Every overrun becomes a
/// <see cref="PdbFormatException"/> naming <see cref="What"/>, so callers never see IndexOutOfRange.
/// </summary>
public ref struct SpanReader
{
    private readonly ReadOnlySpan<byte> data;

    public SpanReader(ReadOnlySpan<byte> data, string what)
    {
        this.data = data;
        What = what;
        Position = 0;
    }

    /// <summary>What is being read, for error messages (e.g. "DBI stream").</summary>
    public string What { get; }

    public int Position { get; set; }

    public readonly int Length => data.Length;

    public readonly int Remaining => data.Length - Position;

    public readonly bool AtEnd => Position >= data.Length;

    public byte U8() => Take(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public short I16() => BinaryPrimitives.ReadInt16LittleEndian(Take(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int I32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public ulong U64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public readonly byte PeekU8() => Position < data.Length ? data[Position] : throw Overrun(1);

    public readonly ushort PeekU16() =>
        Remaining >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(Position, 2)) : throw Overrun(2);

    public Guid Guid() => new(Take(16));

    /// <summary>A NUL-terminated UTF-8 string; a missing terminator ends the string at the end of the data.</summary>
    public string CString()
    {
        if (Position > data.Length) throw Overrun(1);
        var rest = data[Position..];
        int nul = rest.IndexOf((byte)0);
        var bytes = nul < 0 ? rest : rest[..nul];
        Position += nul < 0 ? rest.Length : nul + 1;
        return Encoding.UTF8.GetString(bytes);
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining) throw Overrun(count);
        var slice = data.Slice(Position, count);
        Position += count;
        return slice;
    }

    public void Skip(int count) => Take(count);

    /// <summary>Moves to the next multiple of <paramref name="alignment"/> (or the end, whichever is first).</summary>
    public void Align(int alignment)
    {
        int aligned = (Position + alignment - 1) / alignment * alignment;
        Position = Math.Min(aligned, data.Length);
    }

    private readonly PdbFormatException Overrun(int count) =>
        new($"{What}: {count} bytes wanted at offset {Position} but only {Math.Max(0, Remaining)} remain");
}
