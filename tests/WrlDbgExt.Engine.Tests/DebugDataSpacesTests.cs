using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.Tests;

/// <summary>ReadVirtual (IDebugDataSpaces) and QueryVirtual (IDebugDataSpaces2) at the header's slots.</summary>
[TestClass]
public sealed unsafe class DebugDataSpacesTests
{
    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    // ReadVirtual(Offset, Buffer, BufferSize, BytesRead): fills Buffer with 0xA0, 0xA1, ... up to Out["read"] bytes.
    [UnmanagedCallersOnly]
    internal static int ReadVirtual(nint self, ulong offset, byte* buffer, uint size, uint* read)
    {
        var f = FakeCom.Of(self);
        f.Record("ReadVirtual", offset, (ulong)buffer, size, (ulong)read);
        int hr = f.Result("ReadVirtual");
        if (hr < 0) return hr;
        uint n = (uint)f.Out.GetValueOrDefault("read", size);
        for (uint i = 0; i < Math.Min(n, size); i++) buffer[i] = (byte)(0xA0 + i);
        if (read != null) *read = n;
        return hr;
    }

    // QueryVirtual(Offset, Info): answers from Behaviour (a map) or fails with Results["QueryVirtual"].
    [UnmanagedCallersOnly]
    internal static int QueryVirtual(nint self, ulong offset, MemoryBasicInformation64* info)
    {
        var f = FakeCom.Of(self);
        f.Record("QueryVirtual", offset, (ulong)info);
        int hr = f.Result("QueryVirtual");
        if (hr < 0) return hr;
        if (f.Behaviour is not Func<ulong, MemoryBasicInformation64?> map || map(offset) is not { } answer) return FakeCom.EFail;
        *info = answer;
        return hr;
    }

    internal static FakeCom DataSpaces(Fakes fakes) =>
        fakes.Make("IDebugDataSpaces").Implement("ReadVirtual", (delegate* unmanaged<nint, ulong, byte*, uint, uint*, int>)&ReadVirtual);

    internal static FakeCom DataSpaces2(Fakes fakes) =>
        fakes.Make("IDebugDataSpaces2").Implement("QueryVirtual", (delegate* unmanaged<nint, ulong, MemoryBasicInformation64*, int>)&QueryVirtual);

    [TestMethod]
    public void ReadVirtualPassesAddressBufferAndSizeAndReturnsTheBytesRead()
    {
        using var fakes = new Fakes();
        var fake = DataSpaces(fakes);
        fake.References = 2;
        using var data = new DebugDataSpaces(fake.Pointer);
        var buffer = new byte[0x20];
        Assert.AreEqual(0x20, data.ReadVirtual(0x0000_01d0_4f5e_0000, buffer));
        var call = fake.CallsTo("ReadVirtual").Single();
        Assert.AreEqual(0x0000_01d0_4f5e_0000UL, call.Arg("IDebugDataSpaces", "Offset"));
        Assert.AreEqual(0x20UL, call.Arg("IDebugDataSpaces", "BufferSize"));
        Assert.AreNotEqual(0UL, call.Arg("IDebugDataSpaces", "BytesRead"));
        Assert.AreEqual(0xA0, buffer[0]);
        Assert.AreEqual(0xBF, buffer[0x1F]);
        Assert.AreEqual(0, fake.Traps);
    }

    [TestMethod]
    public void ReadVirtualPartialFailedAndEmpty()
    {
        using var fakes = new Fakes();
        var fake = DataSpaces(fakes);
        fake.References = 2;
        using var data = new DebugDataSpaces(fake.Pointer);
        fake.Out["read"] = 5;
        Assert.AreEqual(5, data.ReadVirtual(0x1000, new byte[8]), "partial read");
        fake.Out["read"] = 100;
        Assert.AreEqual(8, data.ReadVirtual(0x1000, new byte[8]), "an engine claiming more than asked is clamped");
        fake.Results["ReadVirtual"] = unchecked((int)0x8007001E); // HRESULT_FROM_WIN32(ERROR_READ_FAULT)
        Assert.AreEqual(0, data.ReadVirtual(0x1000, new byte[8]), "failure: nothing read, no exception");
        int calls = fake.CallsTo("ReadVirtual").Count();
        Assert.AreEqual(0, data.ReadVirtual(0x1000, Span<byte>.Empty));
        Assert.AreEqual(calls, fake.CallsTo("ReadVirtual").Count(), "an empty read does not call the engine");
    }

    [TestMethod]
    public void QueryDataSpaces2AsksForTheHeadersIidAndQueryVirtualFillsTheStructure()
    {
        using var fakes = new Fakes();
        var fake = DataSpaces(fakes);
        var fake2 = DataSpaces2(fakes);
        fake.References = 2;
        using var data = new DebugDataSpaces(fake.Pointer);

        using (var missing = data.QueryDataSpaces2()) Assert.IsNull(missing, "no IDebugDataSpaces2: null");

        fake.Answer(fake2);
        var expected = new MemoryBasicInformation64
        {
            BaseAddress = 0x7ff6_1230_0000, AllocationBase = 0x7ff6_1230_0000, AllocationProtect = 0x80,
            RegionSize = 0x1000, State = 0x1000, Protect = 0x20, Type = 0x1000000,
        };
        fake2.Behaviour = (Func<ulong, MemoryBasicInformation64?>)(_ => expected);
        using (var map = data.QueryDataSpaces2())
        {
            Assert.IsNotNull(map);
            Assert.AreEqual(fake2.Pointer, map.Pointer);
            Assert.AreEqual(2, fake2.References);
            Assert.IsTrue(map.TryQueryVirtual(0x7ff6_1230_0800, out var info));
            Assert.AreEqual(expected, info);
            Assert.AreEqual(0x7ff6_1230_0800UL, fake2.CallsTo("QueryVirtual").Single().Arg("IDebugDataSpaces2", "Offset"));
            fake2.Results["QueryVirtual"] = FakeCom.EFail;
            Assert.IsFalse(map.TryQueryVirtual(0, out _));
        }
        Assert.AreEqual(1, fake2.References, "released with the wrapper");
        Assert.AreEqual(0, fake2.Traps);
    }

    [TestMethod]
    public void MemoryBasicInformation64HasTheWinntLayout()
    {
        // winnt.h: BaseAddress, AllocationBase (ULONGLONG), AllocationProtect, __alignment1 (DWORD), RegionSize
        // (ULONGLONG), State, Protect, Type, __alignment2 (DWORD): 48 bytes.
        Assert.AreEqual(48, sizeof(MemoryBasicInformation64));
        Assert.AreEqual(24, (int)Marshal.OffsetOf<MemoryBasicInformation64>(nameof(MemoryBasicInformation64.RegionSize)));
        Assert.AreEqual(32, (int)Marshal.OffsetOf<MemoryBasicInformation64>(nameof(MemoryBasicInformation64.State)));
        Assert.AreEqual(36, (int)Marshal.OffsetOf<MemoryBasicInformation64>(nameof(MemoryBasicInformation64.Protect)));
    }
}
