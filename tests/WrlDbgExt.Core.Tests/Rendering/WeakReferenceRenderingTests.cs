using System.Text.Json;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Rendering;

[TestClass]
public class WeakReferenceRenderingTests
{
    private static (WrlScenario Scenario, WeakReferenceVerdict Verdict) Decode(TargetArchitecture arch, string name)
    {
        var scenario = new WrlScenario(arch);
        var verdict = FlavourDetector.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, scenario.Object(name).Address);
        return (scenario, verdict);
    }

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void JsonCarriesSchemaStateCountsAndFields(TargetArchitecture arch)
    {
        var (scenario, verdict) = Decode(arch, "alive");
        using var doc = JsonDocument.Parse(WeakReferenceJsonRenderer.Render(verdict));
        var root = doc.RootElement;
        Assert.AreEqual("wrldbg.weak-reference", root.GetProperty("schema").GetString());
        Assert.AreEqual(2, root.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual("alive", root.GetProperty("state").GetString());
        Assert.AreEqual(2, root.GetProperty("strongCount").GetInt32());
        Assert.AreEqual(3, root.GetProperty("weakCount").GetInt32());
        Assert.AreEqual(2, root.GetProperty("weakHolders").GetInt32());
        Assert.AreEqual($"0x{scenario.Object("alive").Address:x}", root.GetProperty("address").GetString());
        Assert.AreEqual(arch.DisplayName(), root.GetProperty("architecture").GetString());
        Assert.AreEqual((int)scenario.RefCountOffset, root.GetProperty("target").GetProperty("backLinkOffset").GetInt32());
        var fields = root.GetProperty("fields").EnumerateArray().ToList();
        Assert.AreEqual(4, fields.Count);
        Assert.AreEqual("strongRefCount_", fields[2].GetProperty("name").GetString());
        Assert.AreEqual("0n2", fields[2].GetProperty("display").GetString());
        Assert.AreEqual(arch == TargetArchitecture.X64 ? "Ptr64 IUnknown" : "Ptr32 IUnknown", fields[3].GetProperty("type").GetString());
    }

    [TestMethod]
    public void JsonOfAnUnreadableBlockHasNullsNotZeros()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var verdict = FlavourDetector.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, 0x10);
        using var doc = JsonDocument.Parse(WeakReferenceJsonRenderer.Render(verdict));
        Assert.AreEqual(JsonValueKind.Null, doc.RootElement.GetProperty("strongCount").ValueKind);
        Assert.AreEqual(JsonValueKind.Null, doc.RootElement.GetProperty("fields")[1].GetProperty("raw").ValueKind);
        Assert.AreEqual("incomplete", doc.RootElement.GetProperty("state").GetString());
    }

    [TestMethod]
    public void HostileStringsInReasonArgumentsSurviveJsonAsTheyAre()
    {
        var (_, verdict) = Decode(TargetArchitecture.X64, "alive");
        const string hostile = "%n%s<b>&\"\n\u0001";
        var reason = Reason.Of(ReasonCode.VfTableOtherType, ReasonArg.Label("field", "__VFN_table"), ReasonArg.Address("value", 0x1000),
            ReasonArg.Label("symbol", hostile), ReasonArg.Label("flavour", "WRL"));
        using var doc = JsonDocument.Parse(WeakReferenceJsonRenderer.Render(verdict with { Reasons = [reason] }));
        var json = doc.RootElement.GetProperty("reasons")[0];
        Assert.AreEqual("vf-table-other-type", json.GetProperty("code").GetString());
        Assert.AreEqual(hostile, json.GetProperty("args").GetProperty("symbol").GetString());
        StringAssert.Contains(json.GetProperty("text").GetString(), hostile);
        Assert.AreEqual("0x1000", json.GetProperty("args").GetProperty("value").GetString());
    }

    [TestMethod]
    public void EveryReasonCodeHasItsOwnSentence()
    {
        // A code without a case in ReasonText would print its enum name: a decision without English.
        foreach (var code in Enum.GetValues<ReasonCode>())
        {
            var args = new[] { "address", "wordAddress", "block", "value", "raw", "pattern", "from", "to", "start", "state", "data", "at", "buffer", "sibling" }.Select(n => ReasonArg.Address(n, 0x1234))
                .Concat(new[] { "field", "strongField", "weakField", "symbol", "flavour", "module", "patternName", "interface", "type", "flavours", "class", "shape", "kind", "memory" }.Select(n => ReasonArg.Label(n, "x")))
                .Concat(new[] { "offset", "alignment", "holders", "weak", "strong", "searched", "count", "cleared", "limit", "missing", "followed", "capacity", "handlers", "references" }.Select(n => ReasonArg.Integer(n, 1)))
                .ToArray();
            var text = ReasonText.Render(Reason.Of(code, args), 8);
            Assert.AreNotEqual(code.ToString(), text, code.ToString());
            Assert.IsFalse(text.Contains('\n'), code.ToString());
        }
    }

    [TestMethod]
    public void TextReportHasTheDtFormThenTheVerdict()
    {
        var (scenario, verdict) = Decode(TargetArchitecture.X64, "target-destroyed");
        var text = WeakReferenceTextRenderer.Render(verdict);
        var lines = text.Split('\n');
        Assert.IsTrue(lines[0].StartsWith("   +0x000 __VFN_table : 0x", StringComparison.Ordinal), lines[0]);
        Assert.AreEqual("   +0x010 strongRefCount_  : 0n0", lines[2]);
        Assert.AreEqual("", lines[4]);
        StringAssert.Contains(text, "verdict : target destroyed, weak references outstanding\n");
        StringAssert.Contains(text, "weak    : 1 (IWeakReference holders: 1)\n");
        StringAssert.Contains(text, $"target  : {Hex.Pointer(scenario.Object("target-destroyed").Target, 8)} (stale: not dereferenced)\n");
    }

    [TestMethod]
    public void TextReportNamesSentinels()
    {
        var (_, verdict) = Decode(TargetArchitecture.X86, "saturated");
        StringAssert.Contains(WeakReferenceTextRenderer.Render(verdict), "strong  : 0x7FFFFFFF (saturated)\n");
    }
}
