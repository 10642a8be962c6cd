using System.Buffers.Binary;
using System.Text;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>
/// Lays out small minidumps byte by byte for tests: blobs are appended after the 32-byte header and
/// their RVAs returned; <see cref="Build"/> appends the stream directory and writes the header.
/// Nothing here validates: tests use it to make hostile files too.
/// </summary>
internal sealed class RawMinidumpBuilder
{
    private readonly List<byte> _bytes = new(new byte[32]);
    private readonly List<(uint Type, uint Size, uint Rva)> _streams = [];

    public uint Add(byte[] blob)
    {
        uint rva = (uint)_bytes.Count;
        _bytes.AddRange(blob);
        return rva;
    }

    /// <summary>Adds a MINIDUMP_STRING (u32 byte length + UTF-16LE + NUL).</summary>
    public uint AddString(string text)
    {
        var utf16 = Encoding.Unicode.GetBytes(text);
        return Add([.. U32((uint)utf16.Length), .. utf16, 0, 0]);
    }

    public RawMinidumpBuilder Stream(uint type, byte[] data)
    {
        _streams.Add((type, (uint)data.Length, Add(data)));
        return this;
    }

    /// <summary>A directory entry with whatever size and RVA the test wants.</summary>
    public RawMinidumpBuilder RawStream(uint type, uint size, uint rva)
    {
        _streams.Add((type, size, rva));
        return this;
    }

    public byte[] Build(uint timestamp = 0x5BA523AF, ulong flags = 0)
    {
        uint directory = (uint)_bytes.Count;
        foreach (var (type, size, rva) in _streams)
            _bytes.AddRange([.. U32(type), .. U32(size), .. U32(rva)]);
        var bytes = _bytes.ToArray();
        var header = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x504D444D);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 0xA793);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)_streams.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], directory);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], flags);
        return bytes;
    }

    /// <summary>MINIDUMP_SYSTEM_INFO (56 bytes).</summary>
    public static byte[] SystemInfo(ushort architecture, uint platformId, uint csdRva = 0, byte processors = 4,
        uint major = 10, uint minor = 0, uint build = 19041)
    {
        var b = new byte[56];
        BinaryPrimitives.WriteUInt16LittleEndian(b, architecture);
        b[6] = processors;
        b[7] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), major);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), minor);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(16), build);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(20), platformId);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), csdRva);
        return b;
    }

    /// <summary>A 108-byte MINIDUMP_MODULE.</summary>
    public static byte[] Module(ulong imageBase, uint size, uint nameRva, uint cvSize = 0, uint cvRva = 0,
        uint fileVersionMs = 0, uint fileVersionLs = 0, bool fixedFileInfo = false)
    {
        var b = new byte[108];
        var s = b.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(s, imageBase);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(s[16..], 0x12345678);
        BinaryPrimitives.WriteUInt32LittleEndian(s[20..], nameRva);
        if (fixedFileInfo)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(s[24..], 0xFEEF04BD);
            BinaryPrimitives.WriteUInt32LittleEndian(s[32..], fileVersionMs);
            BinaryPrimitives.WriteUInt32LittleEndian(s[36..], fileVersionLs);
        }
        BinaryPrimitives.WriteUInt32LittleEndian(s[76..], cvSize);
        BinaryPrimitives.WriteUInt32LittleEndian(s[80..], cvRva);
        return b;
    }

    public static byte[] List(uint count, params byte[][] entries) => [.. U32(count), .. entries.SelectMany(e => e)];

    public static byte[] Rsds(Guid guid, uint age, string path) =>
        [.. "RSDS"u8, .. guid.ToByteArray(), .. U32(age), .. Encoding.UTF8.GetBytes(path), 0];

    public static byte[] Nb10(uint signature, uint age, string path) =>
        [.. "NB10"u8, .. U32(0), .. U32(signature), .. U32(age), .. Encoding.UTF8.GetBytes(path), 0];

    /// <summary>A 48-byte MINIDUMP_THREAD.</summary>
    public static byte[] Thread(uint id, ulong teb, ulong stackStart, uint stackSize, uint stackRva)
    {
        var b = new byte[48];
        BinaryPrimitives.WriteUInt32LittleEndian(b, id);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), teb);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), stackStart);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), stackSize);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(36), stackRva);
        return b;
    }

    /// <summary>A 12-byte MINIDUMP_THREAD_NAME (RVA64, packed).</summary>
    public static byte[] ThreadName(uint id, ulong nameRva) => [.. U32(id), .. U64(nameRva)];

    /// <summary>A 16-byte MINIDUMP_MEMORY_DESCRIPTOR.</summary>
    public static byte[] Memory(ulong start, uint size, uint rva) => [.. U64(start), .. U32(size), .. U32(rva)];

    /// <summary>A 168-byte MINIDUMP_EXCEPTION_STREAM.</summary>
    public static byte[] Exception(uint threadId, uint code, ulong address, params ulong[] parameters) =>
        ExceptionWithCount(threadId, code, address, (uint)parameters.Length, parameters);

    public static byte[] ExceptionWithCount(uint threadId, uint code, ulong address, uint count, params ulong[] parameters)
    {
        var b = new byte[168];
        var s = b.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(s, threadId);
        BinaryPrimitives.WriteUInt32LittleEndian(s[8..], code);
        BinaryPrimitives.WriteUInt32LittleEndian(s[12..], 1);
        BinaryPrimitives.WriteUInt64LittleEndian(s[24..], address);
        BinaryPrimitives.WriteUInt32LittleEndian(s[32..], count);
        for (int i = 0; i < parameters.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(s[(40 + 8 * i)..], parameters[i]);
        return b;
    }

    /// <summary>MINIDUMP_MISC_INFO (24 bytes).</summary>
    public static byte[] MiscInfo(uint flags, uint processId, uint createTime) =>
        [.. U32(24), .. U32(flags), .. U32(processId), .. U32(createTime), .. U32(0), .. U32(0)];

    public static byte[] U32(uint value)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        return b;
    }

    public static byte[] U64(ulong value)
    {
        var b = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        return b;
    }
}
