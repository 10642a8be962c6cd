namespace WrlDbgExt.Core.Targets;

/// <summary>Processor architecture of the debuggee. ARM64 shares the x64 (LLP64) layouts.</summary>
public enum TargetArchitecture
{
    Unknown = 0,
    X86,
    X64,
    Arm64,
}

public static class TargetArchitectureExtensions
{
    public static int PointerSize(this TargetArchitecture architecture) => architecture switch
    {
        TargetArchitecture.X86 => 4,
        TargetArchitecture.X64 or TargetArchitecture.Arm64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "unknown architecture"),
    };

    /// <summary>The layout family: ARM64 uses the x64 layouts.</summary>
    public static TargetArchitecture LayoutFamily(this TargetArchitecture architecture) =>
        architecture == TargetArchitecture.Arm64 ? TargetArchitecture.X64 : architecture;

    public static string DisplayName(this TargetArchitecture architecture) => architecture switch
    {
        TargetArchitecture.X86 => "x86",
        TargetArchitecture.X64 => "x64",
        TargetArchitecture.Arm64 => "arm64",
        _ => "unknown",
    };
}
