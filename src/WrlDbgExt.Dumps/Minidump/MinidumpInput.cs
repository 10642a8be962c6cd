using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// Bounds-checked random access to the dump file's bytes. Reads what is asked for only (the file is
/// never loaded whole), so multi-GiB full-memory dumps cost no more than small ones.
/// </summary>
internal sealed class MinidumpInput : IDisposable
{
    /// <summary>No structure we parse is anywhere near this big; larger claims are hostile.</summary>
    private const ulong MaxChunk = 64UL << 20;

    /// <summary>MINIDUMP_STRINGs hold paths and names: 32767 UTF-16 units is the Windows path limit.</summary>
    private const uint MaxStringBytes = 65534;

    private readonly byte[]? _bytes;
    private readonly SafeFileHandle? _handle;

    private MinidumpInput(byte[]? bytes, SafeFileHandle? handle, long length)
    {
        _bytes = bytes;
        _handle = handle;
        Length = length;
    }

    public long Length { get; }

    public static MinidumpInput FromBytes(byte[] bytes) => new(bytes, null, bytes.Length);

    public static MinidumpInput OpenFile(string path)
    {
        // Opening a FIFO blocks until a writer appears: refuse non-regular files before open.
        if (FileKind.NotRegularReason(path) is { } reason)
            throw new IOException($"{path} {reason}");
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new MinidumpInput(null, handle, RandomAccess.GetLength(handle));
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public void Dispose() => _handle?.Dispose();

    /// <summary>Reads exactly <paramref name="count"/> bytes at <paramref name="offset"/> or throws naming <paramref name="what"/>.</summary>
    public byte[] Read(ulong offset, ulong count, string what)
    {
        if (OutsideFile(offset, count) is { } where)
            throw new MinidumpFormatException($"{what} {where}");
        if (count > MaxChunk)
            throw new MinidumpFormatException($"{what} claims {count} bytes, implausibly large");

        var buffer = new byte[(int)count];
        if (_bytes is not null)
        {
            _bytes.AsSpan((int)offset, (int)count).CopyTo(buffer);
            return buffer;
        }

        int done = 0;
        while (done < buffer.Length)
        {
            int n = RandomAccess.Read(_handle!, buffer.AsSpan(done), (long)offset + done);
            if (n <= 0)
                throw new MinidumpFormatException($"{what}: the file ended early while reading it");
            done += n;
        }
        return buffer;
    }

    /// <summary>Null when the bytes lie in the file; else how they miss it ("at RVA 0x… lies beyond the end of the file (N bytes)").</summary>
    public string? OutsideFile(ulong offset, ulong count)
    {
        ulong length = (ulong)Length;
        if (offset >= length && !(offset == length && count == 0))
            return $"at RVA 0x{offset:X} lies beyond the end of the file ({length} bytes)";
        if (count > length - offset)
            return $"at RVA 0x{offset:X} ({count} bytes) runs past the end of the file ({length} bytes)";
        return null;
    }

    public uint ReadUInt32(ulong offset, string what) =>
        BinaryPrimitives.ReadUInt32LittleEndian(Read(offset, 4, what));

    /// <summary>Reads a MINIDUMP_STRING: u32 byte length, then UTF-16LE without the terminator.</summary>
    public string ReadString(ulong rva, string what)
    {
        uint byteLength = ReadUInt32(rva, what);
        if (byteLength > MaxStringBytes)
            throw new MinidumpFormatException($"{what} at RVA 0x{rva:X} claims {byteLength} bytes, longer than any Windows path or name");
        // Checked as a whole so the message names the string's own RVA, not that of its text.
        if (OutsideFile(rva, 4UL + byteLength) is { } where)
            throw new MinidumpFormatException($"{what} {where}");
        var bytes = Read(rva + 4, byteLength, what);
        return Encoding.Unicode.GetString(bytes).TrimEnd('\0');
    }

    /// <summary>
    /// Reads the entries of a list stream (<c>u32 count</c> + fixed-size entries) after checking that the
    /// claimed count fits in the stream. Some writers pad the count to 8 bytes; that is detected by size.
    /// </summary>
    public (byte[] Entries, uint Count) ReadList(MinidumpDirectoryEntry stream, uint entrySize, string what)
    {
        if (stream.DataSize < 4)
            throw new MinidumpFormatException($"{what} is {stream.DataSize} bytes, too small to hold its count");
        uint count = ReadUInt32(stream.Rva, what + " count");
        ulong needed = (ulong)count * entrySize;
        ulong room = stream.DataSize - 4u;
        ulong first = stream.Rva + 4UL;
        if (room == needed + 4)
            first += 4; // count padded to 8 bytes, as some writers emit
        else if (needed > room)
            throw new MinidumpFormatException(
                $"{what} claims {count} entries of {entrySize} bytes but its stream holds only {stream.DataSize} bytes");
        return (Read(first, needed, what + " entry array"), count);
    }
}
