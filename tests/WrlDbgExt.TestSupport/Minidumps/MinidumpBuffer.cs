using System.Buffers.Binary;
using System.Text;

namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>Growable little-endian byte buffer with back-patching, so RVAs can be filled in once known.</summary>
internal sealed class MinidumpBuffer
{
    private byte[] _bytes = new byte[4096];

    public int Length { get; private set; }

    public uint Position => checked((uint)Length);

    public void Align(int alignment)
    {
        var padding = (alignment - Length % alignment) % alignment;
        Skip(padding);
    }

    /// <summary>Reserves zero-filled bytes (the array is never reused, so it is already zero).</summary>
    public uint Skip(int count)
    {
        var start = Position;
        Ensure(count);
        Length += count;
        return start;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    // Skip may grow the array, so reserve first and only then take the span.
    public void WriteU16(ushort value)
    {
        var at = Skip(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan((int)at), value);
    }

    public void WriteU32(uint value)
    {
        var at = Skip(4);
        PatchU32(at, value);
    }

    public void WriteU64(ulong value)
    {
        var at = Skip(8);
        PatchU64(at, value);
    }

    public void PatchU32(uint offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan((int)offset, 4), value);

    public void PatchU64(uint offset, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(_bytes.AsSpan((int)offset, 8), value);

    /// <summary>MINIDUMP_STRING: u32 byte length (without the terminator), UTF-16LE text, NUL. Returns its RVA.</summary>
    public uint WriteMinidumpString(string text)
    {
        Align(4);
        var start = Position;
        var utf16 = Encoding.Unicode.GetBytes(text);
        WriteU32(checked((uint)utf16.Length));
        WriteBytes(utf16);
        WriteU16(0);
        return start;
    }

    public void PatchBytes(uint offset, ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes.AsSpan((int)offset, bytes.Length));

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();

    private void Ensure(int extra)
    {
        var needed = checked(Length + extra);
        if (needed <= _bytes.Length) return;
        Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
    }
}
