namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// Names for SystemInfo's PlatformId, ProcessorArchitecture and ProductType values. Windows writers use
/// the VER_PLATFORM_* and PROCESSOR_ARCHITECTURE_* values; Breakpad adds ids from 0x8000 up for other OSes.
/// </summary>
public static class MinidumpPlatform
{
    public const uint Win32NT = 2;
    public const uint BreakpadLinux = 0x8201;
    public const uint BreakpadMacOS = 0x8101;

    public const ushort ArchitectureX86 = 0;
    public const ushort ArchitectureArm = 5;
    public const ushort ArchitectureAmd64 = 9;
    public const ushort ArchitectureArm64 = 12;

    /// <summary>Win32s, Windows 9x, Windows NT and Windows CE are the platforms a Windows writer records.</summary>
    public static bool IsWindows(uint platformId) => platformId <= 3;

    /// <summary>Breakpad-defined ids (used by Breakpad, Crashpad and rust-minidump writers on other OSes).</summary>
    public static bool IsBreakpad(uint platformId) => platformId is >= 0x8000 and <= 0x8FFF;

    public static string PlatformName(uint platformId) => platformId switch
    {
        0 => "Win32s",
        1 => "Windows 9x",
        Win32NT => "Windows NT",
        3 => "Windows CE",
        0x8000 => "Unix",
        BreakpadMacOS => "macOS",
        0x8102 => "iOS",
        BreakpadLinux => "Linux",
        0x8202 => "Solaris",
        0x8203 => "Android",
        0x8204 => "PS3",
        0x8205 => "Native Client",
        0x8206 => "Fuchsia",
        _ => "unknown",
    };

    public static string ArchitectureName(ushort architecture) => architecture switch
    {
        ArchitectureX86 => "x86",
        1 => "MIPS",
        2 => "Alpha",
        3 => "PowerPC",
        ArchitectureArm => "ARM",
        6 => "IA64",
        ArchitectureAmd64 => "x64",
        10 => "x86 on Win64",
        ArchitectureArm64 => "ARM64",
        13 => "ARM32 on Win64",
        14 => "x86 on ARM64",
        0x8001 => "SPARC",
        0x8002 => "PowerPC64",
        0x8003 => "ARM64 (Breakpad id)",
        0x8004 => "MIPS64",
        0x8005 => "RISC-V",
        0x8006 => "RISC-V 64",
        _ => "unknown",
    };

    public static string ProductTypeName(byte productType) => productType switch
    {
        1 => "workstation",
        2 => "domain controller",
        3 => "server",
        _ => $"product type {productType}",
    };
}
