using WrlDbgExt.Dumps.Minidump;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>Header flag names against the MINIDUMP_TYPE values documented for minidumpapiset.h.</summary>
[TestClass]
public sealed class MinidumpFlagsTests
{
    // Copied by hand from the MINIDUMP_TYPE documentation (learn.microsoft.com, minidumpapiset.h).
    private static readonly (uint Value, string Name)[] Documented =
    [
        (0x00000001, "MiniDumpWithDataSegs"),
        (0x00000002, "MiniDumpWithFullMemory"),
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

    [TestMethod]
    public void EveryDocumentedBit_HasItsName()
    {
        foreach (var (value, name) in Documented)
            CollectionAssert.AreEqual(new[] { name }, MinidumpFlags.Names(value).ToArray(), $"0x{value:x8}");
    }

    [TestMethod]
    public void AllDocumentedBits_ComeOutLowestFirst()
    {
        ulong all = Documented.Aggregate(0UL, (acc, d) => acc | d.Value);
        CollectionAssert.AreEqual(Documented.Select(d => d.Name).ToArray(), MinidumpFlags.Names(all).ToArray());
    }

    [TestMethod]
    public void Zero_IsMiniDumpNormal() =>
        CollectionAssert.AreEqual(new[] { "MiniDumpNormal" }, MinidumpFlags.Names(0).ToArray());

    [TestMethod]
    public void UndocumentedBits_AreNamedByValue() =>
        CollectionAssert.AreEqual(
            new[] { "MiniDumpWithFullMemory", "unknown 0x2000000", "unknown 0x8000000000000000" },
            MinidumpFlags.Names(0x8000_0000_0200_0002).ToArray());

    [TestMethod]
    public void CraftedDumpFlags_AreDecodedInTheSummary()
    {
        // Complete() writes flags 0x120.
        using var file = new TempDumpFile(CraftedDumps.Complete());
        using var target = MinidumpTarget.Open(file.Path);

        CollectionAssert.AreEqual(new[] { "MiniDumpWithUnloadedModules", "MiniDumpWithProcessThreadData" }, target.Summary.FlagNames.ToArray());
    }
}
