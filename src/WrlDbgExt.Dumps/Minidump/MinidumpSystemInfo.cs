using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>MINIDUMP_SYSTEM_INFO (stream 7): OS and processor of the machine the dump was written on.</summary>
/// <param name="ProductType">VER_NT_* (1 workstation, 2 domain controller, 3 server); 0 on other platforms.</param>
/// <param name="CsdVersion">Service-pack string (empty on modern Windows), or null when the stream points at none or at a damaged one.</param>
public sealed record MinidumpSystemInfo(
    ushort ProcessorArchitecture,
    ushort ProcessorLevel,
    ushort ProcessorRevision,
    byte NumberOfProcessors,
    byte ProductType,
    uint MajorVersion,
    uint MinorVersion,
    uint BuildNumber,
    uint PlatformId,
    string? CsdVersion)
{
    // Fields up to and including CSDVersionRva; SuiteMask and the CPU block follow but are not needed.
    private const uint MinimumSize = 28;

    public string PlatformName => MinidumpPlatform.PlatformName(PlatformId);

    public bool IsWindows => MinidumpPlatform.IsWindows(PlatformId);

    public string ProcessorArchitectureName => MinidumpPlatform.ArchitectureName(ProcessorArchitecture);

    public string ProductTypeName => MinidumpPlatform.ProductTypeName(ProductType);

    /// <summary><c>major.minor.build</c>, e.g. <c>10.0.17134</c>.</summary>
    public string Version => $"{MajorVersion}.{MinorVersion}.{BuildNumber}";

    /// <summary>The fixed part is essential (throws); a damaged CSD string is a warning and reads as null.</summary>
    internal static MinidumpSystemInfo Read(MinidumpInput input, MinidumpDirectoryEntry stream, List<string> warnings)
    {
        const string what = "system-info stream";
        if (stream.DataSize < MinimumSize)
            throw new MinidumpFormatException($"{what} is {stream.DataSize} bytes, fewer than the {MinimumSize} it needs");
        var raw = input.Read(stream.Rva, MinimumSize, what).AsSpan();
        uint csdRva = BinaryPrimitives.ReadUInt32LittleEndian(raw[24..]);
        return new MinidumpSystemInfo(
            BinaryPrimitives.ReadUInt16LittleEndian(raw),
            BinaryPrimitives.ReadUInt16LittleEndian(raw[2..]),
            BinaryPrimitives.ReadUInt16LittleEndian(raw[4..]),
            raw[6],
            raw[7],
            BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[20..]),
            ReadCsdVersion(input, csdRva, warnings));
    }

    private static string? ReadCsdVersion(MinidumpInput input, uint rva, List<string> warnings)
    {
        if (rva == 0)
            return null; // RVA 0 would point into the header: writers use it for "no string"
        try
        {
            return input.ReadString(rva, "system-info CSD version (service-pack) string");
        }
        catch (MinidumpFormatException ex)
        {
            warnings.Add($"{ex.Message}; the service pack is unknown");
            return null;
        }
    }
}
