using WrlDbgExt.Dumps.Minidump;

namespace WrlDbgExt.Dumps;

/// <summary>What the dump's memory lists hold, for <c>info</c>.</summary>
/// <param name="Ranges">Memory ranges listed (memory list and memory64 list together).</param>
/// <param name="ListedBytes">Bytes the ranges claim (saturates at 2^64 − 1 for hostile sizes).</param>
/// <param name="BytesInFile">Of those, bytes the file really holds.</param>
/// <param name="FullMemory">A memory64 list is present or the header asks for MiniDumpWithFullMemory.</param>
public sealed record MemorySummary(int Ranges, ulong ListedBytes, ulong BytesInFile, bool FullMemory)
{
    /// <summary>The file ends before some listed memory: it was cut short (an interrupted copy or write).</summary>
    public bool Truncated => BytesInFile < ListedBytes;

    public ulong MissingBytes => ListedBytes - BytesInFile;

    /// <summary>The warning <c>info</c> shows for a truncated dump, or null.</summary>
    public string? TruncationWarning =>
        Truncated ? $"{MissingBytes} bytes of listed memory lie beyond the end of the file (truncated dump)" : null;

    internal static MemorySummary Of(MinidumpFile file)
    {
        ulong listed = 0, inFile = 0;
        foreach (var range in file.Memory)
        {
            listed = SaturatingAdd(listed, range.Size);
            inFile = SaturatingAdd(inFile, range.BytesInFile);
        }
        bool full = file.Directory.Any(d => d.StreamType == MinidumpStreamType.Memory64List)
            || (file.Header.Flags & MinidumpFlags.WithFullMemory) != 0;
        return new MemorySummary(file.Memory.Count, listed, Math.Min(inFile, listed), full);
    }

    private static ulong SaturatingAdd(ulong a, ulong b) => b > ulong.MaxValue - a ? ulong.MaxValue : a + b;
}
