using System.Text.RegularExpressions;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Engine.Tests;

/// <summary>
/// Read-only by construction (issue 13): the engine adapter reaches the engine only through the vtable slots its
/// wrappers name (<c>Slot(N)</c> in src/WrlDbgExt.Engine/DbgEng), and dbgeng.h says which method each slot is. None
/// of them writes memory or registers, runs an engine command or changes the target's execution.
/// </summary>
[TestClass]
public sealed partial class ReadOnlyAdapterTests
{
    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    /// <summary>Methods that change a target or run something that could (a command string may be <c>.writemem</c>).</summary>
    [GeneratedRegex(@"^(Write|Fill|Execute|Set(Value|Values|PseudoValues|ExecutionStatus|ThreadContext|Context|InstructionOffset|NextEventIndex|ProcessOptions|ImplicitThreadDataOffset|ImplicitProcessDataOffset|Scope\w*)|Terminate|Detach|Abandon|Create(Process|Process2)|Attach|EndSession|Invoke|WaitForEvent)")]
    private static partial Regex ChangesTheTarget();

    [GeneratedRegex(@"class\s+(?<name>\w+)\b")]
    private static partial Regex ClassDeclaration();

    [GeneratedRegex(@"(?<name>\w*Iid)\s*=\s*new\(""(?<iid>[0-9A-Fa-f-]{36})""\)")]
    private static partial Regex IidField();

    [GeneratedRegex(@"\bSlot\((?<slot>\d+)\)")]
    private static partial Regex SlotCall();

    /// <summary>Every (interface, method) the wrappers call, from their source, class by class.</summary>
    private static List<(string Class, string Interface, string Method)> Calls()
    {
        var calls = new List<(string, string, string)>();
        string folder = Path.Combine(SharedTestData.RepoRoot, "src", "WrlDbgExt.Engine", "DbgEng");
        foreach (var file in Directory.GetFiles(folder, "*.cs"))
        {
            var text = File.ReadAllText(file);
            var classes = ClassDeclaration().Matches(text).Cast<Match>().ToList();
            string? outer = null; // a nested helper (DebugClient.Restore) calls its enclosing wrapper's slots
            for (int c = 0; c < classes.Count; c++)
            {
                int start = classes[c].Index, end = c + 1 < classes.Count ? classes[c + 1].Index : text.Length;
                string body = text[start..end], name = classes[c].Groups["name"].Value;
                var slots = SlotCall().Matches(body).Select(m => int.Parse(m.Groups["slot"].Value)).Distinct().ToList();
                if (slots.Count == 0) continue;
                // The class's own IID (its first): a wrapper's slots are that interface's (derived ones repeat them first).
                var iid = IidField().Match(body);
                string? iface = iid.Success ? DbgEngHeader.InterfaceOf(Guid.Parse(iid.Groups["iid"].Value)) : outer;
                Assert.IsNotNull(iface, $"{Path.GetFileName(file)}: class {name} calls slots but names no IID");
                outer = iface;
                foreach (int slot in slots)
                    calls.Add((name, iface, DbgEngHeader.MethodAt(iface, slot)));
            }
        }
        return calls;
    }

    [TestMethod]
    public void NoSlotTheAdapterCallsWritesOrRunsAnything()
    {
        var calls = Calls();
        string all = string.Join(", ", calls.Select(c => $"{c.Interface}::{c.Method}").Distinct().Order());
        // The reads the adapter is known to make are among them: the parse found the wrappers.
        foreach (var known in new[] { "IDebugDataSpaces::ReadVirtual", "IDebugDataSpaces2::QueryVirtual", "IDebugRegisters::GetValue", "IDebugControl::ControlledOutput" })
            StringAssert.Contains(all, known);
        var writers = calls.Where(c => ChangesTheTarget().IsMatch(c.Method)).Select(c => $"{c.Class}: {c.Interface}::{c.Method}").ToList();
        Assert.AreEqual(0, writers.Count, $"calls that change the target: {string.Join("; ", writers)} (all calls: {all})");
    }

    [TestMethod]
    public void TheForbiddenListCatchesTheHeadersWriters()
    {
        // The list is only as good as its coverage: the header's known writers must all match it.
        foreach (var (iface, method) in new[] { ("IDebugDataSpaces", "WriteVirtual"), ("IDebugDataSpaces2", "FillVirtual"), ("IDebugRegisters", "SetValue"),
                     ("IDebugRegisters", "SetValues"), ("IDebugControl", "Execute"), ("IDebugControl", "SetExecutionStatus"), ("IDebugDataSpaces", "WritePhysical") })
        {
            DbgEngHeader.Slot(iface, method); // the method exists in the header
            Assert.IsTrue(ChangesTheTarget().IsMatch(method), $"{iface}::{method}");
        }
        Assert.IsFalse(ChangesTheTarget().IsMatch("ReadVirtual"));
    }
}
