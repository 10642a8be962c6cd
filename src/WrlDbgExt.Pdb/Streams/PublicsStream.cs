using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>
/// The publics stream: a 28-byte PSGSIHDR, the GSI hash of the S_PUB32 records, then the address map — their
/// symbol-record offsets sorted by section and offset.
/// </summary>
public sealed class PublicsStream
{
    public PublicsStream(MsfStream stream)
    {
        var bytes = stream.ReadAll();
        var reader = new SpanReader(bytes, "publics stream");
        int hashBytes = reader.I32();
        int addressMapBytes = reader.I32();
        reader.Skip(28 - 8); // thunk count and size, thunk table section and offset, section count
        var hash = new SpanReader(reader.Take(hashBytes), "publics stream hash");
        HashedRecordOffsets = GsiHashReader.ReadRecordOffsets(ref hash);
        var map = new SpanReader(reader.Take(addressMapBytes), "publics address map");
        var offsets = new uint[addressMapBytes / 4];
        for (int i = 0; i < offsets.Length; i++) offsets[i] = map.U32();
        AddressMap = offsets;
    }

    /// <summary>Symbol-record offsets of every S_PUB32, in hash order.</summary>
    public IReadOnlyList<uint> HashedRecordOffsets { get; }

    /// <summary>Symbol-record offsets of every S_PUB32, sorted by address.</summary>
    public IReadOnlyList<uint> AddressMap { get; }
}
