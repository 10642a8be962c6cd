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
    private static (WrlScenario Scenario, FakeExtensionSession Host) Make(bool dml = false, TargetArchitecture arch = TargetArchitecture.X64)
    {
        var scenario = new WrlScenario(arch);
        return (scenario, new FakeExtensionSession(scenario.ToInMemoryTarget(), dml));
    }

    [TestMethod]
    public void WrlWeakPrintsExactlyWhatTheRendererPrintsForTheDecodersVerdict()
    {
        var (scenario, host) = Make();
        var o = scenario.Object("target-destroyed");
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("wrlweak", Hex.Pointer(o.Address, 8)).Category);
        var expected = WeakReferenceTextRenderer.Render(
            FlavourDetector.Decode(scenario.ToInMemoryTarget(), LayoutCatalog.BuiltInOnly, o.Address));
        Assert.AreEqual(expected, host.Text.ToString());
        Assert.AreEqual("", host.Errors.ToString());
    }

    [TestMethod]
    public void JsonWordAndFlavourOptions()
    {
        var (scenario, host) = Make();
        var alive = scenario.Object("alive");
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("wrlweak", $"-word -flavour wrl -json 0x{alive.Target + scenario.RefCountOffset:x}").Category);
        StringAssert.Contains(host.Text.ToString(), "\"mode\": \"pointer\"");
        StringAssert.Contains(host.Text.ToString(), "\"state\": \"alive\"");
        StringAssert.Contains(host.Text.ToString(), "\"flavour\": \"wrl\"");
    }

    [TestMethod]
    public void DmlIsUsedWhenPreferredAndEscapesData()
    {
        var (scenario, host) = Make(dml: true);
        var alive = scenario.Object("alive");
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("wrlweak", $"{alive.Address:x}").Category);
        var dml = host.Dml.ToString();
        Assert.AreEqual("", host.Text.ToString());
        // Built-in layouts have no module, so the block's link shows its words rather than a dt the engine cannot resolve.
        StringAssert.Contains(dml, $"<link cmd=\"dps {Hex.Pointer(alive.Address, 8)} L4\">");
        StringAssert.Contains(dml, $"<link cmd=\"dps {Hex.Pointer(alive.Target, 8)} L4\">");
        Assert.AreEqual("a&amp;b&lt;c&gt;&quot;", WeakReferenceDmlRenderer.Escape("a&b<c>\""));
    }

    [TestMethod]
    public void TheObjectHintIsALinkToTheObjCommandInDml()
    {
        var (scenario, host) = Make(dml: true);
        var alive = scenario.Object("alive");
        host.Invoke("wrlweak", $"{alive.Target:x}");
        var at = Hex.Pointer(alive.Target, 8);
        StringAssert.Contains(host.Dml.ToString(), $"try: <link cmd=\"!wrlobj {at}\">!wrlobj {at}</link>");
    }

    [TestMethod]
    [DataRow("", "wrlweak: an address is required (see !wrlweak -?)", OutcomeCategory.UsageError)]
    [DataRow("-bogus 10", "unknown option '-bogus'", OutcomeCategory.UsageError)]
    [DataRow("-flavour nosuch 10", "-flavour 'nosuch' is not one of wrl", OutcomeCategory.UsageError)]
    [DataRow("-flavour", "-flavour needs a value", OutcomeCategory.UsageError)]
    [DataRow("%n%s<b>&", "cannot evaluate '%n%s<b>&'", OutcomeCategory.UsageError)]
    [DataRow("10", "memory read error at 0x00000000`00000010", OutcomeCategory.InputUnusable)]
    [DataRow("-word 10", "memory read error at 0x00000000`00000010", OutcomeCategory.InputUnusable)]
    public void BadInputGivesOneClearErrorLine(string args, string message, OutcomeCategory category)
    {
        var (_, host) = Make();
        Assert.AreEqual(category, host.Invoke("wrlweak", args).Category);
        var error = host.Errors.ToString();
        StringAssert.Contains(error, message);
        Assert.AreEqual(1, error.TrimEnd('\n').Split('\n').Length, error);
        Assert.AreEqual("", host.Text.ToString());
    }

    [TestMethod]
    public void NullArgumentsAreAnErrorNotACrash()
    {
        var (_, host) = Make();
        Assert.AreEqual(OutcomeCategory.UsageError, host.Invoke("wrlweak", null).Category);
        StringAssert.Contains(host.Errors.ToString(), "an address is required");
    }

    [TestMethod]
    public void InterruptStopsBeforeOutput()
    {
        var (scenario, host) = Make();
        host.Interrupted = true;
        Assert.AreEqual(OutcomeCategory.Interrupted, host.Invoke("wrlweak", $"{scenario.Object("alive").Address:x}").Category);
        StringAssert.Contains(host.Errors.ToString(), "interrupted");
        Assert.AreEqual("", host.Text.ToString());
    }

    [TestMethod]
    public void OnX86ASixtyFourBitAddressIsRefusedNotTruncated()
    {
        var (scenario, host) = Make(arch: TargetArchitecture.X86);
        var alive = scenario.Object("alive");
        // 0x1_xxxxxxxx would truncate to the alive block: it must be refused instead.
        Assert.AreEqual(OutcomeCategory.UsageError, host.Invoke("wrlweak", $"0x1{alive.Address:x8}").Category);
        StringAssert.Contains(host.Errors.ToString(), "beyond the 32-bit address space of this x86 target");
        Assert.AreEqual("", host.Text.ToString());

        // The engine's sign-extended form of a 32-bit address is the same address.
        var (_, signExtended) = Make(arch: TargetArchitecture.X86);
        signExtended.EvaluatesTo = 0xFFFF_FFFF_0000_0000UL | alive.Address | 0x8000_0000UL;
        Assert.AreEqual(OutcomeCategory.InputUnusable, signExtended.Invoke("wrlweak", "x").Category, "0x8xxxxxxx is not in the scenario");
        StringAssert.Contains(signExtended.Errors.ToString(), $"memory read error at 0x{alive.Address | 0x8000_0000UL:x8}");
    }

    [TestMethod]
    public void AWordWhoseBlockPointerIsImpossibleStillPrintsTheWordAndSaysWhy()
    {
        // Null (0x80…00) and non-user-mode (0xC0…) block pointers: the word is printed, with what is wrong.
        var image = new ObjectImage(0x10, 8).Pointer(0, 0x8000_0000_0000_0000UL).Pointer(8, 0xC000_0000_1234_0000UL);
        var host = new FakeExtensionSession(new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000_0000, image.Bytes));
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("wrlweak", "-word 40000000").Category);
        StringAssert.Contains(host.Text.ToString(), "count-or-pointer word at 0x00000000`40000000 = 0x8000000000000000\n");
        StringAssert.Contains(host.Text.ToString(), "raw << 1 is null");
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("wrlweak", "-word -json 40000008").Category);
        StringAssert.Contains(host.Text.ToString(), "\"plausible\": false");
        StringAssert.Contains(host.Text.ToString(), "\"code\": \"word-block-not-user-mode\"");
    }

    [TestMethod]
    public void ACountModeWordWithAnUpperHalfIsNotTakenForACount()
    {
        var image = new ObjectImage(0x10, 8).Pointer(0, 0x0000_0001_0000_0003UL).Pointer(8, 3);
        var host = new FakeExtensionSession(new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x4000_0000, image.Bytes));
        host.Invoke("wrlweak", "-word 40000000");
        StringAssert.Contains(host.Text.ToString(), "upper half of 0x0000000100000003 is not zero");
        host.Invoke("wrlweak", "-word 40000008");
        StringAssert.Contains(host.Text.ToString(), "strong count 3;");
        host.Invoke("wrlweak", "-word 40000004");
        StringAssert.Contains(host.Text.ToString(), "is not 8-byte aligned");
    }

    [TestMethod]
    public void EveryExtensionCommandAnswersQuestionMarkWithItsDeclaredUsage()
    {
        foreach (var command in CommandCatalog.Extension)
        {
            var (_, host) = Make();
            Assert.AreEqual(OutcomeCategory.Done, host.Invoke(command.Declaration.ExtensionName!, "-?").Category);
            StringAssert.StartsWith(host.Text.ToString(), "!" + command.Declaration.ExtensionName);
            foreach (var option in command.Declaration.AllOptions)
                StringAssert.Contains(host.Text.ToString(), "-" + option.Name);
        }
    }

    [TestMethod]
    public void HelpListsExactlyTheDeclaredExtensionCommands()
    {
        var (_, host) = Make();
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("help", "").Category);
        var listed = host.Text.ToString().Split('\n').Where(l => l.StartsWith("  !", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0][1..]).ToArray();
        CollectionAssert.AreEqual(CommandCatalog.Extension.Select(c => c.Declaration.ExtensionName).ToArray(), listed);
        var (_, other) = Make();
        Assert.AreEqual(OutcomeCategory.UsageError, other.Invoke("help", "nosuch").Category);
        StringAssert.Contains(other.Errors.ToString(), "no command 'nosuch'");
        var (_, unknown) = Make();
        Assert.AreEqual(OutcomeCategory.UsageError, unknown.Invoke("nosuchcommand", "10").Category);
    }

    [TestMethod]
    public void OptionsAndExpressionsAreSplitByTheDeclaration()
    {
        var a = BangCommandLine.Parse(WeakCommand.Spec, "  -json -word -flavour wrl  poi(@rcx) + 8 ");
        Assert.IsTrue(a.Input!.Json);
        Assert.IsTrue(a.Input.Has("word"));
        Assert.AreEqual("wrl", a.Input.Value("flavour"));
        Assert.AreEqual("poi(@rcx) + 8", a.Input.Argument("address"));
        Assert.AreEqual("-5", BangCommandLine.Parse(WeakCommand.Spec, "-5").Input!.Argument("address"));
        Assert.IsTrue(BangCommandLine.Parse(WeakCommand.Spec, "/?").HelpRequested);
    }

    /// <summary>dt's engine spellings at wrldbg analyze's prompt: -r, -r2, -b, and -recurse whose level may be left out.</summary>
    [TestMethod]
    public void ShortFormsAndOptionalValuesAreTheEngines()
    {
        var attached = BangCommandLine.Parse(DtCommand.Spec, "-r2 -b weak_refs!Widget 0x10").Input!;
        Assert.AreEqual("2", attached.Value("recurse"));
        Assert.IsTrue(attached.Has("blocks"));
        Assert.AreEqual("weak_refs!Widget", attached.Argument("type"));
        Assert.AreEqual("0x10", attached.Argument("address"));
        var bare = BangCommandLine.Parse(DtCommand.Spec, "-r Widget").Input!;
        Assert.IsTrue(bare.Has("recurse"));
        Assert.IsNull(bare.Value("recurse"), "no level given: the type is not taken for one");
        Assert.AreEqual("Widget", bare.Argument("type"));
        Assert.AreEqual("3", BangCommandLine.Parse(DtCommand.Spec, "-recurse 3 Widget").Input!.Value("recurse"));
        Assert.IsNotNull(BangCommandLine.Parse(DtCommand.Spec, "-x Widget").Error);
    }
}
