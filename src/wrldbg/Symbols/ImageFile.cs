using System.Buffers.Binary;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// A module's PE file as a source of the bytes a dump did not capture, as the engine uses the image it finds on
/// the symbol path (docs/pdb-format.md §18): only the headers and sections that are not writable, whose bytes in
/// memory are the file's (read-only data, code, vftables). Writable sections are never taken from the file: their
/// contents at the time of the dump are unknown.
/// </summary>
internal sealed class ImageFile : IDisposable
{
    private const uint ScnMemWrite = 0x8000_0000;

    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle;
    private readonly uint _sizeOfHeaders;
    private readonly IReadOnlyList<(uint Rva, uint VirtualSize, uint RawOffset, uint RawSize)> _sections;

    private ImageFile(Microsoft.Win32.SafeHandles.SafeFileHandle handle, uint sizeOfHeaders, IReadOnlyList<(uint, uint, uint, uint)> sections)
    {
        _handle = handle;
        _sizeOfHeaders = sizeOfHeaders;
        _sections = sections;
    }

    /// <summary>The file's PE header when it is the module's (same TimeDateStamp and SizeOfImage); null for anything else.</summary>
    public static ImageFile? Open(string path, uint timeDateStamp, uint sizeOfImage)
    {
        try
        {
            if (Dumps.FileKind.NotRegularReason(path) is not null) return null;
            using var file = File.OpenRead(path);
            var head = new byte[4096];
            int n = file.Read(head);
            if (n < 0x40 || head[0] != 'M' || head[1] != 'Z') return null;
            int pe = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(0x3C));
            if (pe < 0 || pe + 24 > n || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(pe)) != 0x0000_4550) return null;
            int sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(pe + 6));
            uint stamp = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(pe + 8));
            int optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(pe + 20));
            int optional = pe + 24;
            if (optional + 64 > n) return null;
            uint imageSize = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(optional + 56));
            uint headersSize = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(optional + 60));
            if (stamp != timeDateStamp || imageSize != sizeOfImage) return null;
            int table = optional + optionalSize;
            if (table + sectionCount * 40 > n) return null;
            var sections = new List<(uint, uint, uint, uint)>();
            for (int i = 0; i < sectionCount; i++)
            {
                var s = head.AsSpan(table + i * 40, 40);
                if ((BinaryPrimitives.ReadUInt32LittleEndian(s[36..]) & ScnMemWrite) != 0) continue;
                sections.Add((BinaryPrimitives.ReadUInt32LittleEndian(s[12..]), BinaryPrimitives.ReadUInt32LittleEndian(s[8..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(s[20..]), BinaryPrimitives.ReadUInt32LittleEndian(s[16..])));
            }
            return new ImageFile(File.OpenHandle(path), headersSize, sections);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Bytes at <paramref name="rva"/> from the file, as far as one read-only section (or the headers) goes.</summary>
    public int Read(uint rva, Span<byte> buffer)
    {
        long fileOffset;
        uint available;
        if (rva < _sizeOfHeaders)
        {
            fileOffset = rva;
            available = _sizeOfHeaders - rva;
        }
        else if (_sections.FirstOrDefault(s => rva >= s.Rva && rva - s.Rva < Math.Max(s.VirtualSize, s.RawSize)) is { RawSize: > 0 } section)
        {
            uint within = rva - section.Rva;
            if (within >= section.RawSize) return 0; // beyond the raw data the loader zero-fills; not read from any file
            fileOffset = section.RawOffset + within;
            available = section.RawSize - within;
        }
        else return 0;
        int wanted = (int)Math.Min(available, (uint)buffer.Length);
        try
        {
            return RandomAccess.Read(_handle, buffer[..wanted], fileOffset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    public void Dispose() => _handle.Dispose();
}
