using WrlDbgExt.Core.Rendering.TypeDump;

namespace WrlDbgExt.Core.Tests.Rendering;

/// <summary>A 1-byte character as dt quotes it; the texts are the engine's (docs/debugger-engine.md §10, §10.1).</summary>
[TestClass]
public sealed class QuotedByteTests
{
    [TestMethod]
    [DataRow(0x73UL, "'s'")]
    [DataRow(0x00UL, "''")]
    [DataRow(0xF0UL, "''")]
    [DataRow(0x25UL, "'Unknown format characterUnknown format control character")]
    public void AsTheEngineQuotesIt(ulong raw, string expected) => Assert.AreEqual(expected, EngineValueText.QuotedByte(raw));
}
