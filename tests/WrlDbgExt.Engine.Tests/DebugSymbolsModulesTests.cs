using System.Runtime.InteropServices;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine.Tests;

/// <summary>DebugSymbols.Modules: GetNumberModules, GetModuleParameters and GetModuleNames at dbgeng.h's slots.</summary>
[TestClass]
public sealed unsafe class DebugSymbolsModulesTests
{
    private const string I = "IDebugSymbols";

    // DEBUG_MODULE_PARAMETERS as dbgeng.h declares it: ULONG64 Base; ULONG Size, TimeDateStamp, Checksum, Flags,
    // SymbolType, ImageNameSize, ModuleNameSize, LoadedImageNameSize, SymbolFileNameSize, MappedImageNameSize;
    // ULONG64 Reserved[2] — 8 + 10 × 4 + 16 = 64 bytes.
    private const int ParametersSize = 64;

    private static readonly (ulong Base, uint Size, uint Stamp, string Image)[] Loaded =
    [
        (0x1_4000_0000, 0x2_0000, 0x5F3A_1B2C, @"C:\fixtures\weak_refs.exe"),
        (ulong.MaxValue, 0, 0, ""), // DEBUG_INVALID_OFFSET: the engine has nothing for this index
        (0x7ff8_1000_0000, 0x1F_0000, 0x1234_5678, @"C:\Windows\System32\ntdll.dll"),
    ];

    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    [UnmanagedCallersOnly]
    private static int GetNumberModules(nint self, uint* loaded, uint* unloaded)
    {
        var f = FakeCom.Of(self);
        f.Record("GetNumberModules", (ulong)loaded, (ulong)unloaded);
        *loaded = (uint)Loaded.Length;
        *unloaded = 1;
        return f.Result("GetNumberModules");
    }

    [UnmanagedCallersOnly]
    private static int GetModuleParameters(nint self, uint count, ulong* bases, uint start, byte* parameters)
    {
        var f = FakeCom.Of(self);
        f.Record("GetModuleParameters", count, (ulong)bases, start, (ulong)parameters);
        for (int i = 0; i < count && i < Loaded.Length; i++)
        {
            var entry = new Span<byte>(parameters + i * ParametersSize, ParametersSize);
            BitConverter.TryWriteBytes(entry, Loaded[i].Base);
            BitConverter.TryWriteBytes(entry[8..], Loaded[i].Size);
            BitConverter.TryWriteBytes(entry[12..], Loaded[i].Stamp);
        }
        return f.Result("GetModuleParameters");
    }

    [UnmanagedCallersOnly]
    private static int GetModuleNames(nint self, uint index, ulong moduleBase, byte* b0, uint s0, uint* n0, byte* b1, uint s1, uint* n1, byte* b2, uint s2, uint* n2)
    {
        var f = FakeCom.Of(self);
        ulong[] args = [index, moduleBase, (ulong)b0, s0, (ulong)n0, (ulong)b1, s1, (ulong)n1, (ulong)b2, s2, (ulong)n2];
        var call = f.Record("GetModuleNames", args, new string?[args.Length]);
        var image = Loaded.First(m => m.Base == moduleBase).Image;
        NativeText.Fill((nint)call.Arg(I, "ImageNameBuffer"), call.Arg(I, "ImageNameBufferSize"), (nint)call.Arg(I, "ImageNameSize"), image);
        return f.Result("GetModuleNames");
    }

    private static (Fakes, FakeCom, DebugSymbols) Make()
    {
        var fakes = new Fakes();
        var fake = fakes.Make(I)
            .Implement("GetNumberModules", (delegate* unmanaged<nint, uint*, uint*, int>)&GetNumberModules)
            .Implement("GetModuleParameters", (delegate* unmanaged<nint, uint, ulong*, uint, byte*, int>)&GetModuleParameters)
            .Implement("GetModuleNames", (delegate* unmanaged<nint, uint, ulong, byte*, uint, uint*, byte*, uint, uint*, byte*, uint, uint*, int>)&GetModuleNames);
        fake.References = 2;
        return (fakes, fake, new DebugSymbols(fake.Pointer));
    }

    [TestMethod]
    public void TheLoadedModulesComeWithBaseSizeStampAndImagePath()
    {
        var (fakes, fake, symbols) = Make();
        using (fakes)
        using (symbols)
        {
            var modules = symbols.Modules();
            Assert.AreEqual(2, modules.Count, "the index the engine had nothing for is left out");
            Assert.AreEqual((0x1_4000_0000UL, 0x2_0000u, 0x5F3A_1B2Cu, @"C:\fixtures\weak_refs.exe"), modules[0]);
            Assert.AreEqual(@"C:\Windows\System32\ntdll.dll", modules[1].ImageName);
            var parameters = fake.CallsTo("GetModuleParameters").Single();
            Assert.AreEqual((ulong)Loaded.Length, parameters.Arg(I, "Count"));
            Assert.AreEqual(0UL, parameters.Arg(I, "Bases"), "by index, not by base");
            Assert.AreEqual(0UL, parameters.Arg(I, "Start"));
            Assert.IsTrue(fake.CallsTo("GetModuleNames").All(c => c.Arg(I, "Index") == uint.MaxValue), "DEBUG_ANY_ID: looked up by base");
            Assert.AreEqual(0, fake.Traps);
        }
    }

    [TestMethod]
    public void FailingCallsGiveNoModulesNotAnException()
    {
        var (fakes, fake, symbols) = Make();
        using (fakes)
        using (symbols)
        {
            fake.Results["GetModuleParameters"] = FakeCom.EFail;
            Assert.AreEqual(0, symbols.Modules().Count);
            fake.Results["GetNumberModules"] = FakeCom.EFail;
            Assert.AreEqual(0, symbols.Modules().Count);
            Assert.AreEqual(1, fake.CallsTo("GetModuleParameters").Count(), "no GetModuleParameters after GetNumberModules failed");
        }
    }
}
