using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.Tests;

/// <summary>DebugSymbols calls IDebugSymbols' slots (numbered by dbgeng.h) and survives failing ones.</summary>
[TestClass]
public sealed unsafe class DebugSymbolsTests
{
    private const string I = "IDebugSymbols";

    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    // GetNameByOffset(Offset, NameBuffer, NameBufferSize, NameSize, Displacement)
    [UnmanagedCallersOnly]
    private static int GetNameByOffset(nint self, ulong offset, byte* buffer, uint size, uint* nameSize, ulong* displacement)
    {
        var f = FakeCom.Of(self);
        f.Record("GetNameByOffset", offset, (ulong)buffer, size, (ulong)nameSize, (ulong)displacement);
        int hr = f.Result("GetNameByOffset");
        if (hr < 0) return hr;
        NativeText.Fill((nint)buffer, size, (nint)nameSize, "weak_refs!Widget::`vftable'");
        if (displacement != null) *displacement = f.Out.GetValueOrDefault("displacement");
        return hr;
    }

    // GetOffsetByName(Symbol, Offset)
    [UnmanagedCallersOnly]
    private static int GetOffsetByName(nint self, byte* symbol, ulong* offset)
    {
        var f = FakeCom.Of(self);
        f.Record("GetOffsetByName", [(ulong)symbol, (ulong)offset], [FakeCom.Utf8(symbol), null]);
        *offset = f.Out.GetValueOrDefault("offset");
        return f.Result("GetOffsetByName");
    }

    // GetSymbolTypeId(Symbol, TypeId, Module)
    [UnmanagedCallersOnly]
    private static int GetSymbolTypeId(nint self, byte* symbol, uint* typeId, ulong* module)
    {
        var f = FakeCom.Of(self);
        f.Record("GetSymbolTypeId", [(ulong)symbol, (ulong)typeId, (ulong)module], [FakeCom.Utf8(symbol), null, null]);
        *typeId = (uint)f.Out.GetValueOrDefault("typeId");
        *module = f.Out.GetValueOrDefault("module");
        return f.Result("GetSymbolTypeId");
    }

    // GetTypeSize(Module, TypeId, Size)
    [UnmanagedCallersOnly]
    private static int GetTypeSize(nint self, ulong module, uint typeId, uint* size)
    {
        var f = FakeCom.Of(self);
        f.Record("GetTypeSize", module, typeId, (ulong)size);
        *size = (uint)f.Out.GetValueOrDefault("size");
        return f.Result("GetTypeSize");
    }

    // GetFieldOffset(Module, TypeId, Field, Offset)
    [UnmanagedCallersOnly]
    private static int GetFieldOffset(nint self, ulong module, uint typeId, byte* field, uint* offset)
    {
        var f = FakeCom.Of(self);
        f.Record("GetFieldOffset", [module, typeId, (ulong)field, (ulong)offset], [null, null, FakeCom.Utf8(field), null]);
        *offset = (uint)f.Out.GetValueOrDefault("fieldOffset");
        return f.Result("GetFieldOffset");
    }

    // GetModuleByOffset(Offset, StartIndex, Index, Base)
    [UnmanagedCallersOnly]
    private static int GetModuleByOffset(nint self, ulong offset, uint startIndex, uint* index, ulong* moduleBase)
    {
        var f = FakeCom.Of(self);
        f.Record("GetModuleByOffset", offset, startIndex, (ulong)index, (ulong)moduleBase);
        *index = (uint)f.Out.GetValueOrDefault("index");
        *moduleBase = f.Out.GetValueOrDefault("base");
        return f.Result("GetModuleByOffset");
    }

    // GetModuleNames: 11 parameters; each of the three buffers gets its own name, at the header's positions.
    [UnmanagedCallersOnly]
    private static int GetModuleNames(nint self, uint index, ulong moduleBase, byte* b0, uint s0, uint* n0, byte* b1, uint s1, uint* n1, byte* b2, uint s2, uint* n2)
    {
        var f = FakeCom.Of(self);
        ulong[] args = [index, moduleBase, (ulong)b0, s0, (ulong)n0, (ulong)b1, s1, (ulong)n1, (ulong)b2, s2, (ulong)n2];
        var call = f.Record("GetModuleNames", args, new string?[args.Length]);
        int hr = f.Result("GetModuleNames");
        if (hr < 0) return hr;
        foreach (var (buffer, name) in new[] { ("ImageNameBuffer", "image.exe"), ("ModuleNameBuffer", "weak_refs"), ("LoadedImageNameBuffer", "loaded.exe") })
        {
            string size = buffer.Replace("Buffer", "BufferSize"), written = buffer.Replace("Buffer", "Size");
            NativeText.Fill((nint)call.Arg(I, buffer), call.Arg(I, size), (nint)call.Arg(I, written), name);
        }
        return hr;
    }

    private static (Fakes, FakeCom, DebugSymbols) Make()
    {
        var fakes = new Fakes();
        var fake = fakes.Make(I)
            .Implement("GetNameByOffset", (delegate* unmanaged<nint, ulong, byte*, uint, uint*, ulong*, int>)&GetNameByOffset)
            .Implement("GetOffsetByName", (delegate* unmanaged<nint, byte*, ulong*, int>)&GetOffsetByName)
            .Implement("GetSymbolTypeId", (delegate* unmanaged<nint, byte*, uint*, ulong*, int>)&GetSymbolTypeId)
            .Implement("GetTypeSize", (delegate* unmanaged<nint, ulong, uint, uint*, int>)&GetTypeSize)
            .Implement("GetFieldOffset", (delegate* unmanaged<nint, ulong, uint, byte*, uint*, int>)&GetFieldOffset)
            .Implement("GetModuleByOffset", (delegate* unmanaged<nint, ulong, uint, uint*, ulong*, int>)&GetModuleByOffset)
            .Implement("GetModuleNames", (delegate* unmanaged<nint, uint, ulong, byte*, uint, uint*, byte*, uint, uint*, byte*, uint, uint*, int>)&GetModuleNames);
        fake.References = 2;
        return (fakes, fake, new DebugSymbols(fake.Pointer));
    }

    [TestMethod]
    public void TheFakesFollowTheHeadersParameterOrder()
    {
        CollectionAssert.AreEqual(new[] { "Offset", "NameBuffer", "NameBufferSize", "NameSize", "Displacement" }, DbgEngHeader.Parameters(I, "GetNameByOffset").ToArray());
        CollectionAssert.AreEqual(new[] { "Symbol", "TypeId", "Module" }, DbgEngHeader.Parameters(I, "GetSymbolTypeId").ToArray());
        CollectionAssert.AreEqual(new[] { "Module", "TypeId", "Field", "Offset" }, DbgEngHeader.Parameters(I, "GetFieldOffset").ToArray());
        CollectionAssert.AreEqual(new[] { "Offset", "StartIndex", "Index", "Base" }, DbgEngHeader.Parameters(I, "GetModuleByOffset").ToArray());
        Assert.AreEqual(11, DbgEngHeader.Parameters(I, "GetModuleNames").Count);
    }

    [TestMethod]
    public void NameByOffset()
    {
        var (fakes, fake, symbols) = Make();
        using (fakes)
        using (symbols)
        {
            fake.Out["displacement"] = 0x10;
            Assert.IsTrue(symbols.TryGetNameByOffset(0x1_4000_7200, out var name, out var displacement));
            Assert.AreEqual("weak_refs!Widget::`vftable'", name);
            Assert.AreEqual(0x10UL, displacement);
            var call = fake.CallsTo("GetNameByOffset").Single();
            Assert.AreEqual(0x1_4000_7200UL, call.Arg(I, "Offset"));
            Assert.IsTrue(call.Arg(I, "NameBufferSize") >= 256, "room for C++ names");

            fake.Results["GetNameByOffset"] = FakeCom.EFail;
            Assert.IsFalse(symbols.TryGetNameByOffset(0x10, out name, out _));
            Assert.AreEqual("", name);
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void OffsetByNameOnlyOnSOk()
    {
        var (fakes, fake, symbols) = Make();
        using (fakes)
        using (symbols)
        {
            fake.Out["offset"] = 0x1_4000_1040;
            Assert.IsTrue(symbols.TryGetOffsetByName("weak_refs!Checkpoint", out var address));
            Assert.AreEqual(0x1_4000_1040UL, address);
            Assert.AreEqual("weak_refs!Checkpoint", fake.CallsTo("GetOffsetByName").Single().Text(I, "Symbol"));
            fake.Results["GetOffsetByName"] = 1; // S_FALSE: ambiguous
            Assert.IsFalse(symbols.TryGetOffsetByName("Checkpoint", out _));
            fake.Results["GetOffsetByName"] = FakeCom.EFail;
            Assert.IsFalse(symbols.TryGetOffsetByName("nosuch", out _));
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void TypeIdSizeAndFieldOffset()
    {
        var (fakes, fake, symbols) = Make();
        using (fakes)
        using (symbols)
        {
            const string type = "weak_refs!Microsoft::WRL::Details::WeakReferenceImpl";
            fake.Out["typeId"] = 0x1234;
            fake.Out["module"] = 0x1_4000_0000;
            fake.Out["size"] = 0x20;
            fake.Out["fieldOffset"] = 0x0C;
            Assert.IsTrue(symbols.TryGetTypeId(type, out var id, out var module));
            Assert.AreEqual(0x1234u, id);
            Assert.AreEqual(0x1_4000_0000UL, module);
            Assert.AreEqual(type, fake.CallsTo("GetSymbolTypeId").Single().Text(I, "Symbol"));

            Assert.IsTrue(symbols.TryGetTypeSize(module, id, out var size));
            Assert.AreEqual(0x20u, size);
            var sizeCall = fake.CallsTo("GetTypeSize").Single();
            Assert.AreEqual(module, sizeCall.Arg(I, "Module"));
            Assert.AreEqual(0x1234UL, sizeCall.Arg(I, "TypeId"));

            Assert.IsTrue(symbols.TryGetFieldOffset(module, id, "refcount_", out var offset));
            Assert.AreEqual(0x0Cu, offset);
            var fieldCall = fake.CallsTo("GetFieldOffset").Single();
            Assert.AreEqual("refcount_", fieldCall.Text(I, "Field"));
            Assert.AreEqual(module, fieldCall.Arg(I, "Module"));
            Assert.AreEqual(0x1234UL, fieldCall.Arg(I, "TypeId"));

            fake.Out["module"] = 0;
            Assert.IsFalse(symbols.TryGetTypeId("Unqualified", out _, out _), "no module: no type");
            foreach (var m in new[] { "GetSymbolTypeId", "GetTypeSize", "GetFieldOffset" }) fake.Results[m] = FakeCom.EFail;
            fake.Out["module"] = 0x1_4000_0000;
            Assert.IsFalse(symbols.TryGetTypeId(type, out _, out _));
            Assert.IsFalse(symbols.TryGetTypeSize(module, id, out _));
            Assert.IsFalse(symbols.TryGetFieldOffset(module, id, "refcount_", out _));
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void ModuleNameIsTheModuleNameBufferOfGetModuleNames()
    {
        var (fakes, fake, symbols) = Make();
        using (fakes)
        using (symbols)
        {
            fake.Out["index"] = 3;
            fake.Out["base"] = 0x1_4000_0000;
            Assert.AreEqual("weak_refs", symbols.ModuleNameOf(0x1_4000_0000));
            var byOffset = fake.CallsTo("GetModuleByOffset").Single();
            Assert.AreEqual(0x1_4000_0000UL, byOffset.Arg(I, "Offset"));
            Assert.AreEqual(0UL, byOffset.Arg(I, "StartIndex"));
            var names = fake.CallsTo("GetModuleNames").Single();
            Assert.AreEqual(3UL, names.Arg(I, "Index"));
            Assert.AreEqual(0x1_4000_0000UL, names.Arg(I, "Base"));

            fake.Results["GetModuleNames"] = FakeCom.EFail;
            Assert.IsNull(symbols.ModuleNameOf(0x1_4000_0000));
            fake.Results["GetModuleByOffset"] = FakeCom.EFail;
            Assert.IsNull(symbols.ModuleNameOf(0x1_4000_0000));
            Assert.AreEqual(2, fake.CallsTo("GetModuleNames").Count(), "no GetModuleNames after GetModuleByOffset failed");
            Assert.AreEqual(0, fake.Traps);
        }
    }
}
