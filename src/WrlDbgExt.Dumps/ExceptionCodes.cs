namespace WrlDbgExt.Dumps;

/// <summary>Names of the NTSTATUS exception codes a crash dump commonly records.</summary>
public static class ExceptionCodes
{
    public const uint AccessViolation = 0xC0000005;
    public const uint InvalidParameter = 0xC000000D;
    public const uint StackBufferOverrun = 0xC0000409;

    public static string? Name(uint code) => code switch
    {
        0x80000003 => "breakpoint",
        0x80000004 => "single step",
        AccessViolation => "access violation",
        InvalidParameter => "invalid parameter",
        0xC000001D => "illegal instruction",
        0xC0000094 => "integer divide by zero",
        0xC00000FD => "stack overflow",
        0xC0000374 => "heap corruption",
        StackBufferOverrun => "stack buffer overrun / fail fast",
        0xC0000420 => "assertion failure",
        0xE06D7363 => "C++ exception",
        0xE0434352 => "CLR exception",
        _ => null,
    };
}
