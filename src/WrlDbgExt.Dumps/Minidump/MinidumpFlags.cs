namespace WrlDbgExt.Dumps.Minidump;

/// <summary>Names of the header's MINIDUMP_TYPE bits, as minidumpapiset.h spells them.</summary>
public static class MinidumpFlags
{
    public const ulong WithFullMemory = 0x2;

    private static readonly (ulong Bit, string Name)[] Bits =
    [
        (0x00000001, "MiniDumpWithDataSegs"),
        (WithFullMemory, "MiniDumpWithFullMemory"),
        (0x00000004, "MiniDumpWithHandleData"),
        (0x00000008, "MiniDumpFilterMemory"),
        (0x00000010, "MiniDumpScanMemory"),
        (0x00000020, "MiniDumpWithUnloadedModules"),
        (0x00000040, "MiniDumpWithIndirectlyReferencedMemory"),
        (0x00000080, "MiniDumpFilterModulePaths"),
        (0x00000100, "MiniDumpWithProcessThreadData"),
        (0x00000200, "MiniDumpWithPrivateReadWriteMemory"),
        (0x00000400, "MiniDumpWithoutOptionalData"),
        (0x00000800, "MiniDumpWithFullMemoryInfo"),
        (0x00001000, "MiniDumpWithThreadInfo"),
        (0x00002000, "MiniDumpWithCodeSegs"),
        (0x00004000, "MiniDumpWithoutAuxiliaryState"),
        (0x00008000, "MiniDumpWithFullAuxiliaryState"),
        (0x00010000, "MiniDumpWithPrivateWriteCopyMemory"),
        (0x00020000, "MiniDumpIgnoreInaccessibleMemory"),
        (0x00040000, "MiniDumpWithTokenInformation"),
        (0x00080000, "MiniDumpWithModuleHeaders"),
        (0x00100000, "MiniDumpFilterTriage"),
        (0x00200000, "MiniDumpWithAvxXStateContext"),
        (0x00400000, "MiniDumpWithIptTrace"),
        (0x00800000, "MiniDumpScanInaccessiblePartialPages"),
    ];

    /// <summary>
    /// One name per set bit, lowest first; <c>MiniDumpNormal</c> for 0. Bits without a documented name
    /// come out as <c>unknown 0x…</c> (writers such as Breakpad put their own data in the high half).
    /// </summary>
    public static IReadOnlyList<string> Names(ulong flags)
    {
        if (flags == 0)
            return ["MiniDumpNormal"];
        var names = new List<string>();
        for (int i = 0; i < 64; i++)
        {
            ulong bit = 1UL << i;
            if ((flags & bit) == 0)
                continue;
            int known = Array.FindIndex(Bits, b => b.Bit == bit);
            names.Add(known >= 0 ? Bits[known].Name : $"unknown 0x{bit:x}");
        }
        return names;
    }
}
