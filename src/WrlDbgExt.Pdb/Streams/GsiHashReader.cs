using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>
/// The GSI hash shared by the globals and publics streams: `u32 0xFFFFFFFF, u32 0xF12F091A, u32 cbHr,
/// u32 cbBuckets`, then cbHr/8 records {i32 symbol offset + 1, i32 refs} (docs/pdb-format.md §5).
/// </summary>
public static class GsiHashReader
{
    private const uint Signature = 0xFFFFFFFF;
    private const uint Version = 0xEFFE0000 + 19990810;

    /// <summary>The symbol-record offsets listed in the hash at the reader's position; the reader ends after it.</summary>
    public static List<uint> ReadRecordOffsets(ref SpanReader reader)
    {
        uint signature = reader.U32();
        uint version = reader.U32();
        if (signature != Signature || version != Version)
            throw new PdbFormatException($"{reader.What}: GSI hash header 0x{signature:X8} 0x{version:X8} is not the V70 one");
        int recordBytes = reader.I32();
        int bucketBytes = reader.I32();
        var records = new SpanReader(reader.Take(recordBytes), reader.What);
        reader.Skip(bucketBytes);
        var offsets = new List<uint>(recordBytes / 8);
        while (records.Remaining >= 8)
        {
            uint offsetPlusOne = records.U32();
            records.U32(); // reference count
            if (offsetPlusOne == 0) throw new PdbFormatException($"{reader.What}: a GSI hash record has symbol offset 0");
            offsets.Add(offsetPlusOne - 1);
        }
        return offsets;
    }
}
