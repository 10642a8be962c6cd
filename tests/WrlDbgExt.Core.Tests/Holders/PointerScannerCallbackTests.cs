using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Holders;

/// <summary>The pointer scan's callback form (what a whole-dump scan uses) sees exactly the hits a naive loop finds, past the list's cap.</summary>
[TestClass]
public sealed class PointerScannerCallbackTests
{
    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void EveryHitReachesTheCallbackInAddressOrder(TargetArchitecture arch)
    {
        int ptr = arch == TargetArchitecture.X64 ? 8 : 4;
        var random = new Random(7);
        var bytes = new byte[512 * 1024];
        random.NextBytes(bytes);
        var wanted = new WantedRange(0x10_0000, 0x1000);
        for (int i = 0; i + ptr <= bytes.Length; i += 3 * ptr) // far more hits than the list keeps
        {
            ulong v = wanted.Start + (ulong)random.Next(0x1000);
            if (ptr == 8) BitConverter.TryWriteBytes(bytes.AsSpan(i), v); else BitConverter.TryWriteBytes(bytes.AsSpan(i), (uint)v);
        }
        const ulong baseAddress = 0x2000_0000;
        var target = new InMemoryTarget(arch).AddRegion(baseAddress, bytes);
        // The naive oracle: every aligned word, one by one.
        var expected = new List<ulong>();
        for (int i = 0; i + ptr <= bytes.Length; i += ptr)
        {
            ulong v = ptr == 8 ? BitConverter.ToUInt64(bytes, i) : BitConverter.ToUInt32(bytes, i);
            if (wanted.Contains(v)) expected.Add(baseAddress + (ulong)i);
        }
        var seen = new List<ulong>();
        var result = PointerScanner.Scan(target, [wanted], onHit: h => seen.Add(h.Address));
        Assert.IsNotNull(result);
        Assert.IsTrue(expected.Count > PointerScanner.MaxHits, $"{expected.Count} hits");
        CollectionAssert.AreEqual(expected, seen);
        Assert.AreEqual(expected.Count, result.TotalHits);
        Assert.AreEqual(0, result.Hits.Count, "the callback form keeps no list");
    }
}
