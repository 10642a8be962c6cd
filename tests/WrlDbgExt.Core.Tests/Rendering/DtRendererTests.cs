using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Flavours.Wrl;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Core.Tests.Rendering;

[TestClass]
public class DtRendererTests
{
    // What the real engine printed for our layout (docs/debugger-engine.md §10, issue 2), line for line.
    private const string EngineX64 =
        "   +0x000 __VFN_table : Ptr64 \n" +
        "   +0x00c refcount_        : Int4B\n" +
        "   +0x010 strongRefCount_  : Int4B\n" +
        "   +0x018 unknown_         : Ptr64 IUnknown\n";

    private const string EngineX86 =
        "   +0x000 __VFN_table : Ptr32 \n" +
        "   +0x008 refcount_        : Int4B\n" +
        "   +0x00c strongRefCount_  : Int4B\n" +
        "   +0x010 unknown_         : Ptr32 IUnknown\n";

    [TestMethod]
    public void TypeFormX64MatchesTheEngine() =>
        Assert.AreEqual(EngineX64, DtRenderer.RenderType(WrlFlavour.X64));

    [TestMethod]
    public void TypeFormX86MatchesTheEngine() =>
        Assert.AreEqual(EngineX86, DtRenderer.RenderType(WrlFlavour.X86));

    /// <summary>The engine prints a bool's byte as stored, sign-extended, in bare hex (docs/debugger-engine.md §10).</summary>
    [TestMethod]
    [DataRow(0x00UL, "0")]
    [DataRow(0x01UL, "1")]
    [DataRow(0x03UL, "3")]
    [DataRow(0x24UL, "24")]
    [DataRow(0x80UL, "ffffffffffffff80")]
    [DataRow(0xCDUL, "ffffffffffffffcd")]
    public void BoolValuesAreTheByteAsTheEnginePrintsIt(ulong raw, string expected)
    {
        var field = new FieldLayout("__bSingleAllocation", 0x18, FieldType.Boolean);
        Assert.AreEqual(expected, DtRenderer.ValueText(field, raw, 8));
        Assert.AreEqual(expected, DtRenderer.ValueText(field, raw, 4));
    }

    [TestMethod]
    public void TypeFormPrintsTheModuleHeaderOnlyWhenTheLayoutNamesAModuleAndTheUserDidNot()
    {
        var fromPdb = WrlFlavour.X64 with { Module = "t", Source = "t.pdb" };
        Assert.AreEqual("t!Microsoft::WRL::Details::WeakReferenceImpl\n" + EngineX64, DtRenderer.RenderType(fromPdb));
        Assert.AreEqual(EngineX64, DtRenderer.RenderType(fromPdb, moduleGiven: true));
    }

    [TestMethod]
    public void ValueFormX64()
    {
        var scenario = new WrlScenario(TargetArchitecture.X64);
        var alive = scenario.Object("alive");
        var snapshot = ObjectSnapshot.Read(scenario.ToInMemoryTarget(), alive.Address, WrlFlavour.X64);
        string vft = Hex.Pointer(scenario.WeakReferenceImplVfTable, 8);
        Assert.AreEqual(
            $"   +0x000 __VFN_table : {vft} \n" +
            "   +0x00c refcount_        : 0n3\n" +
            "   +0x010 strongRefCount_  : 0n2\n" +
            $"   +0x018 unknown_         : {Hex.Pointer(alive.Target, 8)} IUnknown\n",
            DtRenderer.RenderValues(snapshot));
        StringAssert.Contains(vft, "`");
    }

    [TestMethod]
    public void ValueFormX86UsesEightDigitPointersAndNegativeDecimals()
    {
        var scenario = new WrlScenario(TargetArchitecture.X86);
        var dead = scenario.Object("control-block-destroyed");
        var snapshot = ObjectSnapshot.Read(scenario.ToInMemoryTarget(), dead.Address, WrlFlavour.X86);
        Assert.AreEqual(
            "   +0x000 __VFN_table : 0x00402010 \n" +
            "   +0x008 refcount_        : 0n-1073741823\n" +
            "   +0x00c strongRefCount_  : 0n-1073741823\n" +
            $"   +0x010 unknown_         : 0x{dead.Target:x8} IUnknown\n",
            DtRenderer.RenderValues(snapshot));
    }

    [TestMethod]
    public void NullPointersPrintAsTheEngineDoes()
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1000, new byte[0x20]);
        var text = DtRenderer.RenderValues(ObjectSnapshot.Read(target, 0x1000, WrlFlavour.X64));
        StringAssert.Contains(text, "   +0x000 __VFN_table : (null) \n");
        StringAssert.Contains(text, "   +0x018 unknown_         : (null) \n");
        StringAssert.Contains(text, "   +0x00c refcount_        : 0n0\n");
    }

    /// <summary>
    /// The engine's dt of a TearOff whose two faces lie before the captured range (writer-made windows-rs head-missing
    /// block, docs/debugger-engine.md §10): adjacent embedded faces count as one read, named at the first; after a
    /// vfptr, C++/WinRT's single face is named at its own offset.
    /// </summary>
    [TestMethod]
    public void AdjacentEmbeddedFacesMissingNameTheFirst()
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1010, new ObjectImage(0x10, 8).Int32(0xC, 1).Bytes);
        StringAssert.EndsWith(DtRenderer.RenderValues(ObjectSnapshot.Read(target, 0x1000, Flavours.WindowsRs.WindowsRsFlavour.X64)),
            "   +0x01c weak_count       : 0n1\nMemory read error 0000000000001000\n");
        StringAssert.EndsWith(DtRenderer.RenderValues(ObjectSnapshot.Read(target, 0x1000, Flavours.CppWinrt.CppWinrtFlavour.X64)),
            "   +0x01c m_weak           : 1\nMemory read error 0000000000001008\n");
    }

    [TestMethod]
    public void UnreadableFieldsPrintAsTheEngineDoes()
    {
        // Seen from the real engine on a partly captured block: integers "??", pointers "???? ", then
        // one "Memory read error" line with the last unreadable field's address (16 / 8 bare digits).
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x1d04f5f0000, new byte[0x10]);
        Assert.AreEqual(
            "   +0x000 __VFN_table : (null) \n" +
            "   +0x00c refcount_        : 0n0\n" +
            "   +0x010 strongRefCount_  : ??\n" +
            "   +0x018 unknown_         : ???? \n" +
            "Memory read error 000001d04f5f0018\n",
            DtRenderer.RenderValues(ObjectSnapshot.Read(target, 0x1d04f5f0000, WrlFlavour.X64)));

        var x86 = new InMemoryTarget(TargetArchitecture.X86).AddRegion(0x00a20000, new byte[0x10]);
        var text = DtRenderer.RenderValues(ObjectSnapshot.Read(x86, 0x00a1fff0, WrlFlavour.X86));
        StringAssert.StartsWith(text, "   +0x000 __VFN_table : ???? \n   +0x008 refcount_        : ??\n");
        StringAssert.EndsWith(text, "   +0x010 unknown_         : (null) \nMemory read error 00a1fffc\n");
        Assert.IsFalse(ObjectSnapshot.Read(x86, 0x00a1fff0, WrlFlavour.X86).NothingReadable);
        Assert.IsTrue(ObjectSnapshot.Read(x86, 0x00500000, WrlFlavour.X86).NothingReadable);
    }

    [TestMethod]
    public void LongNamesGetOneSpaceBeforeTheColonAndUnsignedValuesFollowTheEngine()
    {
        var layout = new TypeLayout("X", TargetArchitecture.X64, 0x10,
        [
            new FieldLayout("a_very_long_field_name", 0, FieldType.UInt32),
            new FieldLayout("small", 4, FieldType.UInt32),
            new FieldLayout("ptr", 8, FieldType.PointerTo(null, 8)),
        ], "test");
        Assert.AreEqual(
            "   +0x000 a_very_long_field_name : Uint4B\n" +
            "   +0x004 small            : Uint4B\n" +
            "   +0x008 ptr              : Ptr64 Void\n",
            DtRenderer.RenderType(layout));
        Assert.AreEqual("9", DtRenderer.ValueText(layout.Fields[0], 9, 8));
        Assert.AreEqual("0xa", DtRenderer.ValueText(layout.Fields[0], 10, 8));
        Assert.AreEqual("0xffffffff", DtRenderer.ValueText(layout.Fields[0], 0xFFFFFFFF, 8));
    }

    [TestMethod]
    public void WideOffsetsGrowBeyondThreeDigits()
    {
        var layout = new TypeLayout("X", TargetArchitecture.X86, 0x2000,
            [new FieldLayout("far", 0x1a2c, FieldType.Int32)], "test");
        Assert.AreEqual("   +0x1a2c far              : Int4B\n", DtRenderer.RenderType(layout));
    }
}
