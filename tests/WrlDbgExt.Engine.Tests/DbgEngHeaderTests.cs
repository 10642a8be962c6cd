namespace WrlDbgExt.Engine.Tests;

/// <summary>The header reader itself, against slots documented elsewhere (/work/shared/docs/debugger-engine.md §2, counted by hand).</summary>
[TestClass]
public sealed class DbgEngHeaderTests
{
    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    [TestMethod]
    [DataRow("IDebugClient", "OpenDumpFile", 19)]
    [DataRow("IDebugClient", "CreateClient", 30)]
    [DataRow("IDebugClient", "SetOutputMask", 36)]
    [DataRow("IDebugClient", "FlushCallbacks", 47)]
    [DataRow("IDebugControl", "Output", 14)]
    [DataRow("IDebugControl", "ControlledOutput", 16)]
    [DataRow("IDebugControl", "IsPointer64Bit", 42)]
    [DataRow("IDebugControl", "Execute", 66)]
    [DataRow("IDebugControl", "GetLastEventInformation", 94)]
    [DataRow("IDebugControl4", "ExecuteWide", 133)]
    [DataRow("IDebugDataSpaces", "ReadVirtual", 3)]
    [DataRow("IDebugDataSpaces", "ReadDebuggerData", 21)]
    [DataRow("IDebugSymbols", "GetTypeId", 20)]
    [DataRow("IDebugSymbols", "GetFieldOffset", 22)]
    [DataRow("IDebugSymbols", "OutputTypedDataVirtual", 27)]
    [DataRow("IDebugSymbols3", "GetFieldTypeAndOffsetWide", 106)]
    [DataRow("IDebugOutputCallbacks2", "Output2", 5)]
    public void SlotsMatchTheDocumentedOnes(string iface, string method, int slot) =>
        Assert.AreEqual(slot, DbgEngHeader.Slot(iface, method), $"{iface}::{method}");

    [TestMethod]
    public void IidsAndConstantsMatchTheDocumentedOnes()
    {
        Assert.AreEqual(new Guid("5182E668-105E-416E-AD92-24EF800424BA"), DbgEngHeader.Iid("IDebugControl"));
        Assert.AreEqual(new Guid("7A5E852F-96E9-468F-AC1B-0B3ADDC4A049"), DbgEngHeader.Iid("IDebugDataSpaces2"));
        Assert.AreEqual(0xFFFFFFFEUL, DbgEngHeader.Constant("DEBUG_OUTCTL_AMBIENT_DML"));
        Assert.AreEqual(0x40000UL, DbgEngHeader.Constant("DEBUG_ENGOPT_PREFER_DML"));
    }

    [TestMethod]
    public void DerivedInterfacesRepeatTheirBasesSlotsFirst()
    {
        foreach (var method in new[] { "ReadVirtual", "QueryVirtual" })
            Assert.AreEqual(DbgEngHeader.Slot("IDebugDataSpaces2", method), DbgEngHeader.Slot("IDebugDataSpaces4", method), method);
        Assert.AreEqual(DbgEngHeader.Slot("IDebugControl", "Evaluate"), DbgEngHeader.Slot("IDebugControl7", "Evaluate"));
        Assert.IsTrue(DbgEngHeader.SlotCount("IDebugDataSpaces2") > DbgEngHeader.SlotCount("IDebugDataSpaces"));
    }
}
