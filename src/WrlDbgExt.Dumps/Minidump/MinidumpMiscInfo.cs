using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// The leading MINIDUMP_MISC_INFO fields (stream 15): SizeOfInfo, Flags1, ProcessId,
/// ProcessCreateTime. Later versions append more; only the flagged, present fields are reported.
/// </summary>
/// <param name="ProcessId">Set when Flags1 has MINIDUMP_MISC1_PROCESS_ID (1).</param>
/// <param name="ProcessCreateTime">Set when Flags1 has MINIDUMP_MISC1_PROCESS_TIMES (2).</param>
public sealed record MinidumpMiscInfo(uint Flags1, uint? ProcessId, DateTimeOffset? ProcessCreateTime)
{
    private const uint ProcessIdFlag = 1;
    private const uint ProcessTimesFlag = 2;
    private const uint MinimumSize = 12; // through ProcessId
    private const uint TimesSize = 16;   // through ProcessCreateTime

    internal static MinidumpMiscInfo Read(MinidumpInput input, MinidumpDirectoryEntry stream)
    {
        const string what = "misc-info stream";
        if (stream.DataSize < MinimumSize)
            throw new MinidumpFormatException($"{what} is {stream.DataSize} bytes, fewer than the {MinimumSize} it needs");
        uint length = stream.DataSize >= TimesSize ? TimesSize : MinimumSize;
        var raw = input.Read(stream.Rva, length, what).AsSpan();
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(raw[4..]);
        uint? pid = (flags & ProcessIdFlag) != 0 ? BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]) : null;
        DateTimeOffset? created = (flags & ProcessTimesFlag) != 0 && raw.Length >= TimesSize
            ? DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]))
            : null;
        return new MinidumpMiscInfo(flags, pid, created);
    }
}
