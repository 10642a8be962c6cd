using static WrlDbgExt.Dumps.Tests.RawMinidumpBuilder;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>Small, fully known minidumps made with <see cref="RawMinidumpBuilder"/>.</summary>
internal static class CraftedDumps
{
    public const ushort X86 = 0;
    public const ushort Amd64 = 9;
    public const uint WindowsNT = 2;

    public static readonly Guid AppGuid = new("497b72f6-390a-44fc-878e-5a2d63b6cc4b");
    public const ulong AppBase = 0x0040_0000;
    public const ulong StackStart = 0x0012_F000;
    public const ulong HighMemory = 0xFFFF_FFF8; // 8 bytes below 4 GiB, followed by 8 bytes at 4 GiB

    /// <summary>
    /// A complete Windows dump: CSD string, two modules (RSDS + version, NB10), two threads (one named),
    /// stack memory, 8 bytes just below and 8 just above 4 GiB, an access violation and a process id.
    /// </summary>
    public static byte[] Complete(ushort architecture = Amd64, uint platformId = WindowsNT)
    {
        var b = new RawMinidumpBuilder();
        uint csd = b.AddString("Service Pack 9");
        uint appName = b.AddString(@"C:\app\app.exe");
        uint libName = b.AddString(@"C:\Windows\System32\old.dll");
        var rsds = Rsds(AppGuid, 3, @"C:\build\app.pdb");
        uint rsdsRva = b.Add(rsds);
        var nb10 = Nb10(0x3A2B1C0D, 2, "old.pdb");
        uint nb10Rva = b.Add(nb10);
        uint stack = b.Add(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray());
        uint low = b.Add([1, 2, 3, 4, 5, 6, 7, 8]);
        uint high = b.Add([9, 10, 11, 12, 13, 14, 15, 16]);
        uint threadName = b.AddString("worker");

        b.Stream(7, SystemInfo(architecture, platformId, csd, major: 6, minor: 1, build: 7601));
        b.Stream(4, List(2,
            Module(AppBase, 0x2000, appName, (uint)rsds.Length, rsdsRva, 0x000A0000, 0x4A61070E, fixedFileInfo: true),
            Module(0x7700_0000, 0x1000, libName, (uint)nb10.Length, nb10Rva)));
        b.Stream(3, List(2, Thread(0x1111, 0x7FFD_E000, StackStart, 32, stack), Thread(0x2222, 0, 0, 0, 0)));
        b.Stream(24, List(1, ThreadName(0x1111, threadName)));
        b.Stream(5, List(3, Memory(StackStart, 32, stack), Memory(HighMemory, 8, low), Memory(HighMemory + 8, 8, high)));
        b.Stream(6, Exception(0x1111, 0xC0000005, AppBase + 0x10, 1, 0x45));
        b.Stream(15, MiscInfo(flags: 3, processId: 4242, createTime: 1_600_000_000));
        return b.Build(timestamp: 1_600_000_100, flags: 0x120);
    }

    /// <summary>A minimal dump with a system-info stream and an empty module list, plus extra streams.</summary>
    public static byte[] Minimal(ushort architecture, uint platformId, Action<RawMinidumpBuilder>? more = null)
    {
        var b = new RawMinidumpBuilder();
        b.Stream(7, SystemInfo(architecture, platformId));
        b.Stream(4, List(0));
        more?.Invoke(b);
        return b.Build();
    }
}
