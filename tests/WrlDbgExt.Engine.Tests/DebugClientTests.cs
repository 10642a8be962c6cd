using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.Tests;

/// <summary>DebugClient.Mute: GetOutputMask / SetOutputMask at the header's slots, restored on dispose.</summary>
[TestClass]
public sealed unsafe class DebugClientTests
{
    private const string I = "IDebugClient";

    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    [UnmanagedCallersOnly]
    internal static int GetOutputMask(nint self, uint* mask)
    {
        var f = FakeCom.Of(self);
        f.Record("GetOutputMask", (ulong)mask);
        *mask = (uint)f.Out.GetValueOrDefault("mask");
        return f.Result("GetOutputMask");
    }

    [UnmanagedCallersOnly]
    internal static int SetOutputMask(nint self, uint mask)
    {
        var f = FakeCom.Of(self);
        f.Record("SetOutputMask", mask);
        return f.Result("SetOutputMask");
    }

    private static (Fakes, FakeCom, DebugClient) Make()
    {
        var fakes = new Fakes();
        var fake = fakes.Make(I)
            .Implement("GetOutputMask", (delegate* unmanaged<nint, uint*, int>)&GetOutputMask)
            .Implement("SetOutputMask", (delegate* unmanaged<nint, uint, int>)&SetOutputMask);
        fake.References = 2;
        return (fakes, fake, new DebugClient(fake.Pointer));
    }

    [TestMethod]
    public void MuteClearsTheMaskAndDisposeRestoresIt()
    {
        var (fakes, fake, client) = Make();
        using (fakes)
        using (client)
        {
            fake.Out["mask"] = 0x3F7;
            using (client.Mute())
            {
                Assert.AreEqual(1, fake.CallsTo("GetOutputMask").Count());
                Assert.AreEqual(0UL, fake.CallsTo("SetOutputMask").Single().Arg(I, "Mask"));
            }
            CollectionAssert.AreEqual(new[] { 0UL, 0x3F7UL }, fake.CallsTo("SetOutputMask").Select(c => c.Arg(I, "Mask")).ToArray());
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void MuteDoesNothingWhenTheMaskCannotBeRead()
    {
        var (fakes, fake, client) = Make();
        using (fakes)
        using (client)
        {
            fake.Results["GetOutputMask"] = FakeCom.EFail;
            using (client.Mute()) { }
            Assert.AreEqual(0, fake.CallsTo("SetOutputMask").Count(), "never sets a mask it could not restore");
            Assert.AreEqual(0, fake.Traps);
        }
    }
}
