namespace WrlDbgExt.Dumps.Minidump;

/// <summary>MINIDUMP_STREAM_TYPE values this parser reads (others are listed in the directory only).</summary>
public static class MinidumpStreamType
{
    public const uint ThreadList = 3;
    public const uint ModuleList = 4;
    public const uint MemoryList = 5;
    public const uint Exception = 6;
    public const uint SystemInfo = 7;
    public const uint Memory64List = 9;
    public const uint MiscInfo = 15;
    public const uint ThreadNames = 24;
}
