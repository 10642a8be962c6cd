using WrlDbgExt.Dumps.Minidump;

namespace WrlDbgExt.Dumps;

/// <summary>What a dump says about itself, for <c>info</c>-style output.</summary>
/// <param name="Timestamp">When the dump was written (UTC).</param>
/// <param name="Flags">MINIDUMP_TYPE flags from the header.</param>
/// <param name="System">OS platform, version, CSD string, product type, processor architecture and count.</param>
/// <param name="ProcessId">From the misc-info stream when it carries one.</param>
/// <param name="Exception">The exception stream, when the dump was written for an exception.</param>
/// <param name="Memory">Memory ranges and bytes listed, bytes in the file, full-memory or not.</param>
public sealed record DumpSummary(
    DateTimeOffset Timestamp,
    ulong Flags,
    MinidumpSystemInfo System,
    uint? ProcessId,
    MinidumpExceptionRecord? Exception,
    int ThreadCount,
    int ModuleCount,
    MemorySummary Memory)
{
    /// <summary>The MINIDUMP_TYPE names of <see cref="Flags"/>, lowest bit first (<c>MiniDumpNormal</c> for 0).</summary>
    public IReadOnlyList<string> FlagNames => MinidumpFlags.Names(Flags);

    /// <summary>E.g. <c>Windows NT 10.0.17134 workstation</c>, with the CSD string appended when there is one.</summary>
    public string OsDescription
    {
        get
        {
            var text = $"{System.PlatformName} {System.Version} {System.ProductTypeName}";
            return string.IsNullOrEmpty(System.CsdVersion) ? text : $"{text} {PrintableText.Sanitize(System.CsdVersion, 128)}";
        }
    }
}
