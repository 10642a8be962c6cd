using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>Stream 1: version, signature, age, GUID and the named-stream map (docs/pdb-format.md §3).</summary>
public sealed class PdbInfoStream
{
    public const int StreamIndex = 1;

    public PdbInfoStream(MsfStream stream)
    {
        var bytes = stream.ReadAll();
        var reader = new SpanReader(bytes, "PDB info stream");
        Version = reader.U32();
        Signature = reader.U32();
        Age = reader.U32();
        Guid = reader.Guid();
        NamedStreams = ReadNamedStreams(ref reader);
        var features = new List<uint>();
        while (reader.Remaining >= 4) features.Add(reader.U32());
        FeatureCodes = features;
    }

    public uint Version { get; }

    public uint Signature { get; }

    public uint Age { get; }

    public Guid Guid { get; }

    /// <summary>Stream names such as "/names" and "/LinkInfo" → stream index.</summary>
    public IReadOnlyDictionary<string, int> NamedStreams { get; }

    /// <summary>The u32 feature codes after the map (VC140 20140508, MinimalDebugInfo 0x494E494D, …).</summary>
    public IReadOnlyList<uint> FeatureCodes { get; }

    /// <summary>/DEBUG:FASTLINK: the types stay in the object files.</summary>
    public bool IsMinimalDebugInfo => FeatureCodes.Contains(0x494E494Du);

    // u32 string-buffer size, the strings, then a hash table: u32 size, u32 capacity, present and deleted bit
    // vectors (u32 word count + words), then one (u32 name offset, u32 stream) pair per present bucket.
    private static Dictionary<string, int> ReadNamedStreams(ref SpanReader reader)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        int stringBytes = reader.I32();
        var strings = reader.Take(stringBytes);
        uint size = reader.U32();
        uint capacity = reader.U32();
        if (size > capacity) throw new PdbFormatException($"PDB info stream: named-stream map holds {size} of capacity {capacity}");
        SkipBitVector(ref reader); // present buckets
        SkipBitVector(ref reader); // deleted buckets
        for (uint i = 0; i < size; i++)
        {
            uint nameOffset = reader.U32();
            uint streamIndex = reader.U32();
            if (nameOffset >= strings.Length) throw new PdbFormatException($"PDB info stream: stream name offset {nameOffset} is outside the names");
            var nameReader = new SpanReader(strings[(int)nameOffset..], "PDB info stream names");
            names[nameReader.CString()] = (int)streamIndex;
        }
        return names;
    }

    private static void SkipBitVector(ref SpanReader reader)
    {
        uint words = reader.U32();
        if (words > reader.Remaining / 4)
            throw new PdbFormatException($"PDB info stream: a bit vector of {words} words overruns the stream");
        reader.Skip((int)words * 4);
    }
}
