namespace WrlDbgExt.TestSupport.Minidumps;

public sealed partial class MinidumpWriter
{
    /// <summary>MINIDUMP_STREAM_TYPE values (minidumpapiset.h) of the streams this writer emits.</summary>
    public static class StreamTypes
    {
        /// <summary>MINIDUMP_THREAD_LIST: u32 count + 48-byte MINIDUMP_THREADs.</summary>
        public const uint ThreadList = 3;

        /// <summary>MINIDUMP_MODULE_LIST: u32 count + packed 108-byte MINIDUMP_MODULEs.</summary>
        public const uint ModuleList = 4;

        /// <summary>MINIDUMP_MEMORY_LIST (x86 here): u32 count + 16-byte descriptors, each with its own RVA.</summary>
        public const uint MemoryList = 5;

        /// <summary>MINIDUMP_EXCEPTION_STREAM, 168 bytes.</summary>
        public const uint Exception = 6;

        /// <summary>MINIDUMP_SYSTEM_INFO, 56 bytes; ClrMD refuses a dump without it.</summary>
        public const uint SystemInfo = 7;

        /// <summary>MINIDUMP_MEMORY64_LIST (x64, ARM64 here): u64 count, u64 BaseRva, 16-byte descriptors; data contiguous.</summary>
        public const uint Memory64List = 9;

        /// <summary>MINIDUMP_MISC_INFO, 24 bytes; ClrMD reads the process id from it.</summary>
        public const uint MiscInfo = 15;
    }
}
