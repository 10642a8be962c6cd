namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>The operating-system half of MINIDUMP_SYSTEM_INFO; the processor half follows the architecture.</summary>
internal sealed record MinidumpSystemEntry(
    uint MajorVersion, uint MinorVersion, uint BuildNumber, string CsdVersion,
    byte NumberOfProcessors, byte ProductType, uint PlatformId);
