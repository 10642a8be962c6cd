using System.Buffers.Binary;
using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>
/// The raw records of a type stream (TPI, stream 2; IPI, stream 4) and its hash stream. Records are found by
/// one pass over their length prefixes on first use and read one at a time (docs/pdb-format.md §6.1).
/// </summary>
public sealed class TpiStream
{
    /// <summary>Fixed stream numbers of the type (TPI) and id (IPI) streams.</summary>
    public const int TpiStreamIndex = 2, IpiStreamIndex = 4;

    /// <summary>Indices below this are simple (built-in) types; records start here.</summary>
    public const uint FirstNonSimpleIndex = 0x1000;

    private readonly MsfStream stream;
    private readonly MsfFile file;
    private readonly Lazy<uint[]> offsets;
    private readonly Lazy<uint[]?> hashValues;
    private readonly Lazy<(uint Index, uint Offset)[]?> indexOffsets;

    public TpiStream(MsfFile file, MsfStream stream)
    {
        this.file = file;
        this.stream = stream;
        var header = new SpanReader(stream.ReadBytes(0, Math.Min((int)Math.Min(stream.Length, int.MaxValue), MinimumHeaderSize)),
            $"type stream {stream.Index} header");
        Version = header.U32();
        HeaderSize = header.U32();
        TypeIndexBegin = header.U32();
        TypeIndexEnd = header.U32();
        TypeRecordBytes = header.U32();
        HashStreamIndex = header.U16();
        header.U16(); // aux hash stream
        HashKeySize = header.U32();
        HashBucketCount = header.U32();
        HashValueOffset = header.I32();
        HashValueLength = header.U32();
        IndexOffsetOffset = header.I32();
        IndexOffsetLength = header.U32();
        if (HeaderSize < MinimumHeaderSize || (ulong)HeaderSize + TypeRecordBytes > stream.Length)
            throw new PdbFormatException($"type stream {stream.Index}: header size {HeaderSize} + {TypeRecordBytes} record bytes exceed the stream ({stream.Length})");
        if (TypeIndexBegin < FirstNonSimpleIndex || TypeIndexEnd < TypeIndexBegin)
            throw new PdbFormatException($"type stream {stream.Index}: type indices 0x{TypeIndexBegin:X}..0x{TypeIndexEnd:X} are not valid");
        // Every record takes at least 4 bytes, which bounds the count before anything is allocated.
        if ((ulong)(TypeIndexEnd - TypeIndexBegin) * 4 > TypeRecordBytes)
            throw new PdbFormatException($"type stream {stream.Index}: {TypeIndexEnd - TypeIndexBegin} records cannot fit {TypeRecordBytes} bytes");
        offsets = new Lazy<uint[]>(ScanRecords);
        hashValues = new Lazy<uint[]?>(ReadHashValues);
        indexOffsets = new Lazy<(uint Index, uint Offset)[]?>(ReadIndexOffsets);
    }

    /// <summary>Where the hash stream's index-offset buffer lies: (type index, record offset) every ~8 KB of records.</summary>
    public int IndexOffsetOffset { get; }

    public uint IndexOffsetLength { get; }

    public uint Version { get; }

    public uint HeaderSize { get; }

    public uint TypeIndexBegin { get; }

    public uint TypeIndexEnd { get; }

    public uint TypeRecordBytes { get; }

    public ushort HashStreamIndex { get; }

    public uint HashKeySize { get; }

    public uint HashBucketCount { get; }

    public int HashValueOffset { get; }

    public uint HashValueLength { get; }

    public int Count => (int)(TypeIndexEnd - TypeIndexBegin);

    public bool Contains(uint typeIndex) => typeIndex >= TypeIndexBegin && typeIndex < TypeIndexEnd;

    /// <summary>The record of <paramref name="typeIndex"/>: its leaf kind and the bytes after the kind.</summary>
    public (ushort Leaf, byte[] Payload) ReadRecord(uint typeIndex)
    {
        if (!Contains(typeIndex))
            throw new PdbFormatException($"type index 0x{typeIndex:X} is outside the stream (0x{TypeIndexBegin:X}..0x{TypeIndexEnd:X})");
        uint offset = OffsetOf(typeIndex);
        ushort length = stream.U16At(offset);
        if (length < 2 || (long)offset + 2 + length > (long)HeaderSize + TypeRecordBytes)
            throw new PdbFormatException($"type stream {stream.Index}: record 0x{typeIndex:X} has length {length}, outside the records");
        var record = stream.ReadBytes(offset + 2, length);
        ushort leaf = (ushort)(record[0] | record[1] << 8);
        return (leaf, record[2..]);
    }

    /// <summary>The hash bucket of each record (index 0 = TypeIndexBegin), or null without a usable hash stream.</summary>
    public uint[]? HashValues => hashValues.Value;

    private const int MinimumHeaderSize = 56;

    // Writers use 0x1000 to 0x3FFFF buckets (LLVM's MinTpiHashBuckets / MaxTpiHashBuckets); more is damage.
    private const uint MaxHashBuckets = 0x40000;

    /// <summary>
    /// A record's offset in the stream. Without the full table (built only when something walks every record), from
    /// the index-offset buffer: the nearest known record at or before it, then forward record by record, so one look-up
    /// reads a few KB, not the whole stream (a 100 MB type stream would otherwise be paged in entirely).
    /// </summary>
    private uint OffsetOf(uint typeIndex)
    {
        if (offsets.IsValueCreated || indexOffsets.Value is not { Length: > 0 } known) return offsets.Value[typeIndex - TypeIndexBegin];
        int lo = 0, hi = known.Length - 1, at = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (known[mid].Index <= typeIndex) { at = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        if (at < 0) return offsets.Value[typeIndex - TypeIndexBegin];
        long offset = HeaderSize + known[at].Offset, end = (long)HeaderSize + TypeRecordBytes;
        for (uint index = known[at].Index; index < typeIndex; index++)
        {
            ushort length = stream.U16At(offset);
            if (length < 2 || offset + 2 + length > end)
                throw new PdbFormatException($"type stream {stream.Index}: record 0x{index:X} has length {length}, outside the records");
            offset += 2 + length;
        }
        return (uint)offset;
    }

    /// <summary>The index-offset buffer, when it is sorted and inside the records; null (a full scan then) otherwise.</summary>
    private (uint Index, uint Offset)[]? ReadIndexOffsets()
    {
        if (!file.HasStream(HashStreamIndex) || IndexOffsetOffset < 0 || IndexOffsetLength % 8 != 0 || IndexOffsetLength == 0) return null;
        var hash = file.GetStream(HashStreamIndex);
        if ((ulong)IndexOffsetOffset + IndexOffsetLength > hash.Length || IndexOffsetLength > int.MaxValue) return null;
        var bytes = hash.ReadBytes(IndexOffsetOffset, (int)IndexOffsetLength);
        var entries = new (uint Index, uint Offset)[bytes.Length / 8];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 8 + 4)));
            bool sorted = i == 0 || (entries[i].Index > entries[i - 1].Index && entries[i].Offset > entries[i - 1].Offset);
            if (!Contains(entries[i].Index) || entries[i].Offset >= TypeRecordBytes || !sorted) return null; // damaged: only a lost shortcut
        }
        return entries;
    }

    private uint[] ScanRecords()
    {
        var result = new uint[Count];
        long offset = HeaderSize;
        long end = (long)HeaderSize + TypeRecordBytes;
        for (int i = 0; i < result.Length; i++)
        {
            if (offset + 4 > end)
                throw new PdbFormatException($"type stream {stream.Index}: record 0x{TypeIndexBegin + i:X} starts past the records' end");
            result[i] = (uint)offset;
            ushort length = stream.U16At(offset);
            if (length < 2 || offset + 2 + length > end)
                throw new PdbFormatException($"type stream {stream.Index}: record 0x{TypeIndexBegin + i:X} has length {length}, outside the records");
            offset += 2 + length;
        }
        return result;
    }

    private uint[]? ReadHashValues()
    {
        if (HashKeySize != 4 || HashBucketCount is 0 or >= MaxHashBuckets || !file.HasStream(HashStreamIndex)) return null;
        var hash = file.GetStream(HashStreamIndex);
        if (HashValueOffset < 0 || HashValueLength != (ulong)Count * 4 || (ulong)HashValueOffset + HashValueLength > hash.Length) return null;
        var bytes = hash.ReadBytes(HashValueOffset, (int)HashValueLength);
        var values = new uint[Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
            if (values[i] >= HashBucketCount) return null; // a damaged hash is only a lost shortcut
        }
        return values;
    }
}
