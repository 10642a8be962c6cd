using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Commands;

[TestClass]
public class ExtensionCommandTests
{
    private static (WrlScenario Scenario, FakeCommandHost Host) Make(bool dml = false)
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        return (scenario, new FakeCommandHost(scenario.ToInMemoryTarget(), dml));
    }

    private static bool Invoke(string name, ICommandHost host, string? args) =>
        ExtensionCommands.Invoke(ExtensionCommands.Find(name)!, host, args);

    [TestMethod]
    public void WrlWeakPrintsExactlyWhatTheCliRendererPrints()
    {
        var (scenario, host) = Make();
        var o = scenario.Object("target-destroyed");
        Assert.IsTrue(Invoke("wrlweak", host, Hex.Pointer(o.Address, 8)));
        var expected = WeakReferenceTextRenderer.Render(
            WrlWeakReferenceDecoder.Instance.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, o.Address));
        Assert.AreEqual(expected, host.Text.ToString());
        Assert.AreEqual("", host.Errors.ToString());
    }

    [TestMethod]
    public void JsonAndWordOptions()
    {
        var (scenario, host) = Make();
        var alive = scenario.Object("alive");
        Assert.IsTrue(Invoke("wrlweak", host, $"-word -json 0x{alive.Target + scenario.RefCountOffset:x}"));
        StringAssert.Contains(host.Text.ToString(), "\"mode\": \"pointer\"");
        StringAssert.Contains(host.Text.ToString(), "\"state\": \"alive\"");
    }

    [TestMethod]
    public void DmlIsUsedWhenPreferredAndEscapesData()
    {
        var (scenario, host) = Make(dml: true);
        var alive = scenario.Object("alive");
        Assert.IsTrue(Invoke("wrlweak", host, $"{alive.Address:x}"));
        var dml = host.Dml.ToString();
        Assert.AreEqual("", host.Text.ToString());
        StringAssert.Contains(dml, $"<link cmd=\"dt Microsoft::WRL::Details::WeakReferenceImpl {Hex.Pointer(alive.Address, 8)}\">");
        StringAssert.Contains(dml, $"<link cmd=\"dps {Hex.Pointer(alive.Target, 8)} L4\">");
        Assert.AreEqual("a&amp;b&lt;c&gt;&quot;", WeakReferenceDmlRenderer.Escape("a&b<c>\""));
    }

    [TestMethod]
    [DataRow("", "an address is required")]
    [DataRow("-bogus 10", "unknown option '-bogus'")]
    [DataRow("%n%s<b>&", "cannot evaluate '%n%s<b>&'")]
    [DataRow("10", "memory read error at 0x00000000`00000010")]
    public void BadInputGivesOneClearErrorLine(string args, string message)
    {
        var (_, host) = Make();
        Assert.IsFalse(Invoke("wrlweak", host, args));
        var error = host.Errors.ToString();
        StringAssert.Contains(error, message);
        Assert.AreEqual(1, error.TrimEnd('\n').Split('\n').Length, error);
        Assert.AreEqual("", host.Text.ToString());
    }

    [TestMethod]
    public void NullArgumentsAreAnErrorNotACrash()
    {
        var (_, host) = Make();
        Assert.IsFalse(Invoke("wrlweak", host, null));
        StringAssert.Contains(host.Errors.ToString(), "an address is required");
    }

    [TestMethod]
    public void InterruptStopsBeforeOutput()
    {
        var (scenario, host) = Make();
        host.Interrupted = true;
        Assert.IsFalse(Invoke("wrlweak", host, $"{scenario.Object("alive").Address:x}"));
        StringAssert.Contains(host.Errors.ToString(), "interrupted");
        Assert.AreEqual("", host.Text.ToString());
    }

    [TestMethod]
    public void EveryCommandAnswersQuestionMark()
    {
        foreach (var command in ExtensionCommands.All)
        {
            var (_, host) = Make();
            Assert.IsTrue(Invoke(command.Name, host, "-?"));
            StringAssert.StartsWith(host.Text.ToString(), "!" + command.Name);
        }
    }

    [TestMethod]
    public void HelpListsEveryCommandAndMembufSaysItIsNotThereYet()
    {
        var (_, host) = Make();
        Assert.IsTrue(Invoke("help", host, ""));
        foreach (var name in new[] { "!wrlweak", "!membuf", "!wrlscan", "!help" }) StringAssert.Contains(host.Text.ToString(), name);
        var (_, other) = Make();
        Assert.IsFalse(Invoke("membuf", other, "0x1000"));
        StringAssert.Contains(other.Errors.ToString(), "not available in this version yet");
    }

    [TestMethod]
    public void OptionsAndExpressionsAreSplitCorrectly()
    {
        var a = CommandArguments.Parse("  -json -word  poi(@rcx) + 8 ");
        CollectionAssert.AreEqual(new[] { "-json", "-word" }, a.Options.ToArray());
        Assert.AreEqual("poi(@rcx) + 8", a.Rest);
        Assert.AreEqual("-5", CommandArguments.Parse("-5").Rest);
        Assert.IsTrue(CommandArguments.Parse("/?").HelpRequested);
    }
}
