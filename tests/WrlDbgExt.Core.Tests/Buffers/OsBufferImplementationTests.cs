using WrlDbgExt.Core.Buffers;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Tests.Decoders;

namespace WrlDbgExt.Core.Tests.Buffers;

/// <summary>
/// The OS implementations are recognised by a vftable's symbol only and said to be opaque (docs/winrt-internals.md
/// §8.3–8.4). The expected classes and behaviours come from this test's own table of §8.3.
/// </summary>
[TestClass]
public class OsBufferImplementationTests
{
    [TestMethod]
    [DataRow("Windows_Foundation!Windows::Foundation::MemoryBuffer::`vftable'", "Windows.Foundation.MemoryBuffer", "buffer")]
    [DataRow("wintypes!Windows::Foundation::MemoryBufferReference::`vftable'{for `Windows::Foundation::IClosable'}", "Windows.Foundation.MemoryBuffer", "reference")]
    [DataRow("Windows_Graphics!Windows::Graphics::Imaging::BitmapBuffer::`vftable'", "Windows.Graphics.Imaging.BitmapBuffer", "buffer")]
    [DataRow("Windows_Graphics!Windows::Graphics::Imaging::BitmapBufferReference<1>::`vftable'", "Windows.Graphics.Imaging.BitmapBuffer", "reference")]
    [DataRow("Windows::Foundation::CMemoryBuffer::`vftable'", "Windows.Foundation.MemoryBuffer", "buffer")]
    public void VfTableSymbolsOfTheOsClassesAreRecognised(string symbol, string runtimeClass, string kind)
    {
        var match = OsBufferImplementations.Match(symbol);
        Assert.IsNotNull(match, symbol);
        Assert.AreEqual(runtimeClass, match.Value.Implementation.RuntimeClass);
        Assert.AreEqual(kind == "buffer" ? BufferObjectKind.Buffer : BufferObjectKind.Reference, match.Value.Kind);
    }

    [TestMethod]
    [DataRow("memory_buffers!wrlref::MemoryBuffer::`vftable'")] // ours: decoded, not opaque
    [DataRow("app!MyApp::MemoryBuffer::`vftable'")] // a user's own implementation
    [DataRow("app!ABI::Windows::Foundation::IMemoryBuffer::`vftable'")] // an interface
    [DataRow("app!winrt::Windows::Foundation::MemoryBuffer::`vftable'")] // a projection
    [DataRow("Windows::Foundation::IMemoryBufferReference::`vftable'")]
    [DataRow("Windows_Foundation!Windows::Foundation::MemoryBuffer::Close")] // a function, not a vftable
    [DataRow("Windows_Foundation!Windows::Foundation::Uri::`vftable'")]
    [DataRow("MemoryBuffer::`vftable'")] // no namespace
    public void OtherNamesAreNot(string symbol) => Assert.IsNull(OsBufferImplementations.Match(symbol), symbol);

    /// <summary>§8.3, as this test reads it: MemoryBuffer is not thread-safe and raises Closed on release; BitmapBuffer is the opposite.</summary>
    [TestMethod]
    [DataRow("Windows::Foundation::MemoryBufferReference::`vftable'", "os-buffer-raises-closed-on-release")]
    [DataRow("Windows::Foundation::MemoryBuffer::`vftable'", "os-buffer-not-thread-safe")]
    [DataRow("Windows::Graphics::Imaging::BitmapBufferReference::`vftable'", "")]
    [DataRow("Windows::Graphics::Imaging::BitmapBuffer::`vftable'", "")]
    public void AnOsObjectIsOpaqueWithWhatItsImplementationIsKnownToDo(string name, string finding)
    {
        const ulong vftable = 0x7ff8_0000_1000, objectAt = 0x20_0000;
        var inner = new InMemoryTarget(TargetArchitecture.X64)
            .AddModule(new TargetModule(@"C:\Windows\System32\Windows.Foundation.dll", 0x7ff8_0000_0000, 0x10_0000, 0, null, null))
            .AddRegion(vftable, new byte[0x40])
            .AddRegion(objectAt, BitConverter.GetBytes(vftable).Concat(new byte[0x38]).ToArray());
        var target = new SymbolizedTarget(inner, new FakeSymbols(new() { [vftable] = "Windows_Foundation!" + name }));

        var v = MemoryBufferDecoder.Decode(target, LayoutCatalog.BuiltInOnly, objectAt);

        Assert.AreEqual(BufferState.Opaque, v.State);
        Assert.IsTrue(v.Symbols);
        Assert.IsNull(v.Capacity, "a dump does not show an OS buffer's capacity");
        Assert.IsNull(v.Data);
        Assert.AreEqual(0, v.OpenReferences.Count);
        CollectionAssert.AreEqual(new[] { "buffer-from-os-vf-table", "os-buffer-opaque" }, v.Reasons.Select(r => ReasonText.CodeId(r.Code)).ToArray());
        CollectionAssert.AreEqual(finding.Length == 0 ? Array.Empty<string>() : new[] { finding },
            v.Findings.Select(f => ReasonText.CodeId(f.Reason.Code)).ToArray());
        Assert.IsTrue(v.Findings.All(f => f.Severity == Severity.Info), "what a dump cannot show is no warning");

        var text = BufferTextRenderer.Render(v, 8);
        StringAssert.Contains(text, "an interface of an OS");
        StringAssert.Contains(text, "not known from a dump");
        var json = System.Text.Json.JsonDocument.Parse(BufferJsonRenderer.Render(v, 8)).RootElement;
        Assert.AreEqual("opaque", json.GetProperty("state").GetString());
        Assert.AreEqual(System.Text.Json.JsonValueKind.Null, json.GetProperty("capacity").ValueKind);
    }
}
