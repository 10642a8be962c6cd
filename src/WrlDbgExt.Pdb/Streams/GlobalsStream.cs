using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Streams;

/// <summary>The globals stream: a bare GSI hash over the global records (S_GDATA32, S_PROCREF, S_UDT, …).</summary>
public sealed class GlobalsStream
{
    public GlobalsStream(MsfStream stream)
    {
        var bytes = stream.ReadAll();
        var reader = new SpanReader(bytes, "globals stream");
        RecordOffsets = GsiHashReader.ReadRecordOffsets(ref reader);
    }

    /// <summary>Offsets into the symbol-record stream.</summary>
    public IReadOnlyList<uint> RecordOffsets { get; }
}
