using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Tests;

[TestClass]
public class DtCommandTests
{
    private const string Type = "Microsoft::WRL::Details::WeakReferenceImpl";

    [TestMethod]
    public void TypeFormOnTheX64DumpIsTheEngineTable()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("dt", dump, Type);
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual(
            "   +0x000 __VFN_table : Ptr64 \n" +
            "   +0x00c refcount_        : Int4B\n" +
            "   +0x010 strongRefCount_  : Int4B\n" +
            "   +0x018 unknown_         : Ptr64 IUnknown\n", r.Stdout);
    }

    [TestMethod]
    public void TypeFormOnTheX86DumpIsTheEngineTable()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X86);
        var r = CliRunner.Run("dt", dump, Type);
        Assert.AreEqual(
            "   +0x000 __VFN_table : Ptr32 \n" +
            "   +0x008 refcount_        : Int4B\n" +
            "   +0x00c strongRefCount_  : Int4B\n" +
            "   +0x010 unknown_         : Ptr32 IUnknown\n", r.Stdout);
    }

    [TestMethod]
    public void ValueFormReadsTheObjectFromTheDump()
    {
        var (scenario, dump) = ScenarioDumps.For(TargetArchitecture.X86);
        var o = scenario.Object("target-destroyed");
        var r = CliRunner.Run("dt", dump, Type, $"{o.Address:x}");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        Assert.AreEqual(
            "   +0x000 __VFN_table : 0x00402010 \n" +
            "   +0x008 refcount_        : 0n1\n" +
            "   +0x00c strongRefCount_  : 0n0\n" +
            $"   +0x010 unknown_         : {Hex.Pointer(o.Target, 4)} IUnknown\n", r.Stdout);
    }

    [TestMethod]
    public void PartlyCapturedObjectsShowQuestionMarks()
    {
        var (scenario, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("dt", dump, Type, $"{scenario.Object("corrupt-truncated").Address:x}");
        Assert.AreEqual(0, r.ExitCode, r.Stderr);
        StringAssert.Contains(r.Stdout, "   +0x018 unknown_         : ???? \n");
        StringAssert.EndsWith(r.Stdout, "Memory read error 000001d04f5f0018\n");
    }

    [TestMethod]
    public void AModuleQualifiedNameIsAcceptedWhenTheModuleExists()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        Assert.AreEqual(0, CliRunner.Run("dt", dump, "widgets!" + Type).ExitCode);
        var r = CliRunner.Run("dt", dump, "nosuch!" + Type);
        Assert.AreEqual(2, r.ExitCode);
        StringAssert.Contains(r.Stderr, "no module 'nosuch'");
    }

    [TestMethod]
    public void AnUnknownTypeIsAUsageErrorThatListsTheKnownOnes()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("dt", dump, "_PEB\u001b[2J");
        Assert.AreEqual(2, r.ExitCode);
        StringAssert.Contains(r.Stderr, Type);
        Assert.IsFalse(r.Stderr.TrimEnd('\n').Any(char.IsControl), r.Stderr);
    }

    [TestMethod]
    public void AnUnreadableAddressExitsThree()
    {
        var (_, dump) = ScenarioDumps.For(TargetArchitecture.X64);
        var r = CliRunner.Run("dt", dump, Type, "0n16");
        Assert.AreEqual(3, r.ExitCode);
        StringAssert.Contains(r.Stderr, "memory read error");
    }
}
