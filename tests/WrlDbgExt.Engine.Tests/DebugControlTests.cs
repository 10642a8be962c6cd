using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.Tests;

/// <summary>DebugControl calls IDebugControl's slots (numbered by dbgeng.h) with the header's argument order.</summary>
[TestClass]
public sealed unsafe class DebugControlTests
{
    private const string I = "IDebugControl";

    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    // ControlledOutput(OutputControl, Mask, Format, ...): the wrapper passes one vararg, the text.
    [UnmanagedCallersOnly]
    private static int ControlledOutput(nint self, uint outputControl, uint mask, byte* format, byte* text)
    {
        var f = FakeCom.Of(self);
        f.Record("ControlledOutput", [outputControl, mask, (ulong)format, (ulong)text], [null, null, FakeCom.Utf8(format), FakeCom.Utf8(text)]);
        return f.Result("ControlledOutput");
    }

    [UnmanagedCallersOnly]
    private static int GetEngineOptions(nint self, uint* options)
    {
        var f = FakeCom.Of(self);
        f.Record("GetEngineOptions", (ulong)options);
        *options = (uint)f.Out.GetValueOrDefault("options");
        return f.Result("GetEngineOptions");
    }

    [UnmanagedCallersOnly]
    private static int GetInterrupt(nint self)
    {
        var f = FakeCom.Of(self);
        f.Record("GetInterrupt");
        return f.Result("GetInterrupt");
    }

    [UnmanagedCallersOnly]
    internal static int IsPointer64Bit(nint self)
    {
        var f = FakeCom.Of(self);
        f.Record("IsPointer64Bit");
        return f.Result("IsPointer64Bit");
    }

    [UnmanagedCallersOnly]
    internal static int GetEffectiveProcessorType(nint self, uint* type)
    {
        var f = FakeCom.Of(self);
        f.Record("GetEffectiveProcessorType", (ulong)type);
        *type = (uint)f.Out.GetValueOrDefault("type");
        return f.Result("GetEffectiveProcessorType");
    }

    // Evaluate(Expression, DesiredType, Value, RemainderIndex); DEBUG_VALUE: 24-byte union, TailOfRawBytes, Type.
    [UnmanagedCallersOnly]
    private static int Evaluate(nint self, byte* expression, uint desiredType, byte* value, uint* remainder)
    {
        var f = FakeCom.Of(self);
        f.Record("Evaluate", [(ulong)expression, desiredType, (ulong)value, (ulong)remainder], [FakeCom.Utf8(expression), null, null, null]);
        int hr = f.Result("Evaluate");
        if (hr < 0) return hr;
        *(ulong*)value = f.Out.GetValueOrDefault("value");
        *(uint*)(value + 28) = desiredType;
        if (remainder != null) *remainder = (uint)f.Out.GetValueOrDefault("remainder");
        return hr;
    }

    private static (Fakes Fakes, FakeCom Fake, DebugControl Control) Make()
    {
        var fakes = new Fakes();
        var fake = fakes.Make(I);
        fake.Implement("ControlledOutput", (delegate* unmanaged<nint, uint, uint, byte*, byte*, int>)&ControlledOutput)
            .Implement("GetEngineOptions", (delegate* unmanaged<nint, uint*, int>)&GetEngineOptions)
            .Implement("GetInterrupt", (delegate* unmanaged<nint, int>)&GetInterrupt)
            .Implement("IsPointer64Bit", (delegate* unmanaged<nint, int>)&IsPointer64Bit)
            .Implement("GetEffectiveProcessorType", (delegate* unmanaged<nint, uint*, int>)&GetEffectiveProcessorType)
            .Implement("Evaluate", (delegate* unmanaged<nint, byte*, uint, byte*, uint*, int>)&Evaluate);
        fake.References = 2; // the wrapper owns one
        return (fakes, fake, new DebugControl(fake.Pointer));
    }

    [TestMethod]
    public void TheFakesFollowTheHeadersParameterOrder()
    {
        CollectionAssert.AreEqual(new[] { "OutputControl", "Mask", "Format" }, DbgEngHeader.Parameters(I, "ControlledOutput").ToArray());
        CollectionAssert.AreEqual(new[] { "Expression", "DesiredType", "Value", "RemainderIndex" }, DbgEngHeader.Parameters(I, "Evaluate").ToArray());
        CollectionAssert.AreEqual(new[] { "Options" }, DbgEngHeader.Parameters(I, "GetEngineOptions").ToArray());
        Assert.AreEqual(0, DbgEngHeader.Slot(I, "QueryInterface"));
        Assert.AreEqual(2, DbgEngHeader.Slot(I, "Release"));
    }

    [TestMethod]
    [DataRow(false, "DEBUG_OUTCTL_AMBIENT_TEXT")]
    [DataRow(true, "DEBUG_OUTCTL_AMBIENT_DML")]
    public void WriteSendsTheTextAsAnArgumentOfAPercentSFormat(bool dml, string outputControl)
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            const string text = "100% <b>&amp; %s %n\n";
            control.Write(text, DebugControl.OutputNormal, dml);
            var call = fake.CallsTo("ControlledOutput").Single();
            Assert.AreEqual(0, fake.Traps);
            Assert.AreEqual(DbgEngHeader.Constant(outputControl), call.Arg(I, "OutputControl"));
            Assert.AreEqual(DbgEngHeader.Constant("DEBUG_OUTPUT_NORMAL"), call.Arg(I, "Mask"));
            Assert.AreEqual("%s", call.Text(I, "Format"), "data is never the format");
            Assert.AreEqual(text, call.Texts[3]);
        }
    }

    [TestMethod]
    public void LongTextIsWrittenInPiecesThatJoinToTheText()
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            var text = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i:D5} ü\n"));
            control.Write(text, DebugControl.OutputError, dml: false);
            var calls = fake.CallsTo("ControlledOutput").ToList();
            Assert.IsTrue(calls.Count > 1, "split");
            Assert.AreEqual(text, string.Concat(calls.Select(c => c.Texts[3])));
            Assert.IsTrue(calls.All(c => c.Arg(I, "Mask") == DbgEngHeader.Constant("DEBUG_OUTPUT_ERROR")));
        }
    }

    [TestMethod]
    public void WriteIgnoresAFailingEngine()
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            fake.Results["ControlledOutput"] = FakeCom.EFail;
            control.Write("x", DebugControl.OutputNormal, dml: false); // no exception
            Assert.AreEqual(1, fake.CallsTo("ControlledOutput").Count());
        }
    }

    [TestMethod]
    public void PreferDmlIsTheEngineOptionsBit()
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            uint preferDml = (uint)DbgEngHeader.Constant("DEBUG_ENGOPT_PREFER_DML");
            fake.Out["options"] = preferDml | 0x1;
            Assert.IsTrue(control.PreferDml);
            fake.Out["options"] = ~preferDml;
            Assert.IsFalse(control.PreferDml);
            fake.Out["options"] = preferDml;
            fake.Results["GetEngineOptions"] = FakeCom.EFail;
            Assert.IsFalse(control.PreferDml, "a failing call is no preference");
            Assert.AreEqual(3, fake.CallsTo("GetEngineOptions").Count());
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void InterruptedAndPointerSizeAreSOkOnly()
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            Assert.IsTrue(control.Interrupted);
            Assert.IsTrue(control.IsPointer64Bit);
            fake.Results["GetInterrupt"] = 1; // S_FALSE
            fake.Results["IsPointer64Bit"] = 1;
            Assert.IsFalse(control.Interrupted);
            Assert.IsFalse(control.IsPointer64Bit);
            fake.Results["GetInterrupt"] = FakeCom.EFail;
            fake.Results["IsPointer64Bit"] = FakeCom.EFail;
            Assert.IsFalse(control.Interrupted);
            Assert.IsFalse(control.IsPointer64Bit);
            Assert.AreEqual(3, fake.CallsTo("GetInterrupt").Count());
            Assert.AreEqual(3, fake.CallsTo("IsPointer64Bit").Count());
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void EffectiveProcessorTypeOrZeroOnFailure()
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            fake.Out["type"] = 0x8664;
            Assert.AreEqual(0x8664u, control.EffectiveProcessorType);
            fake.Results["GetEffectiveProcessorType"] = FakeCom.EFail;
            Assert.AreEqual(0u, control.EffectiveProcessorType);
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void EvaluateAsksForA64BitIntegerAndChecksTheRemainder()
    {
        var (fakes, fake, control) = Make();
        using (fakes)
        using (control)
        {
            const string expression = "poi(@rcx)+0x18";
            fake.Out["value"] = 0x0000_01d0_4f5e_00c0;
            fake.Out["remainder"] = (ulong)expression.Length;
            Assert.IsTrue(control.TryEvaluate(expression, out var value, out var error), error);
            Assert.AreEqual(0x0000_01d0_4f5e_00c0UL, value);
            var call = fake.CallsTo("Evaluate").Single();
            Assert.AreEqual(expression, call.Text(I, "Expression"));
            Assert.AreEqual(DbgEngHeader.Constant("DEBUG_VALUE_INT64"), call.Arg(I, "DesiredType"));
            Assert.AreNotEqual(0UL, call.Arg(I, "RemainderIndex"));

            // The engine stopped before the end: not a value.
            fake.Out["remainder"] = 4;
            Assert.IsFalse(control.TryEvaluate("10 junk", out _, out error));
            Assert.IsTrue(error.Length > 0);

            fake.Results["Evaluate"] = unchecked((int)0x80040205);
            Assert.IsFalse(control.TryEvaluate("nosuch!symbol", out value, out error));
            Assert.AreEqual(0UL, value);
            StringAssert.Contains(error, "80040205");
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void AWrapperOnTheWrongSlotWouldBeSeen()
    {
        // The trap behind unfilled slots: a call through a slot no test implemented is counted and fails.
        using var fakes = new Fakes();
        var fake = fakes.Make(I);
        fake.References = 2;
        using var control = new DebugControl(fake.Pointer);
        Assert.IsFalse(control.PreferDml);
        Assert.AreEqual(1, fake.Traps);
    }
}
