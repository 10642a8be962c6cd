using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Targets;

/// <summary>The indexed look-up answers as a search of the list in its order does, overlapping images included.</summary>
[TestClass]
public sealed class ModuleTableTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public void FindByAddressIsTheFirstListedImageHoldingIt(int seed)
    {
        var random = new Random(seed);
        var modules = Enumerable.Range(0, 60)
            .Select(i => new TargetModule($@"C:\m\{i}.dll", 0x10000 + (ulong)random.Next(0, 0x400) * 0x1000, (uint)random.Next(1, 0x20) * 0x1000, 0, null, null))
            .ToList();
        var table = new ModuleTable(modules);
        CollectionAssert.AreEqual(modules, table.ToList(), "the listed order is kept");
        for (ulong a = 0; a < 0x460000; a += 0x7F3)
            Assert.AreSame(modules.FirstOrDefault(m => m.Contains(a)), table.FindByAddress(a), $"0x{a:x}");
    }
}
