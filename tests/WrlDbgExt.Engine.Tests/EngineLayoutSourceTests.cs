using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Engine.Tests;

/// <summary>Layouts from the engine's symbols: by role field, per module and type, cached until the session changes.</summary>
[TestClass]
[DoNotParallelize] // the cache is per process, as in the engine
public sealed class EngineLayoutSourceTests
{
    private const string Type = "Microsoft::WRL::Details::WeakReferenceImpl";

    /// <summary>Two modules whose PDBs lay the type out differently (say, built with different WRL versions).</summary>
    private sealed class FakeTypes : ITypeInfo
    {
        public readonly Dictionary<string, (ulong Base, uint Size, Dictionary<string, uint> Fields)> Known = new()
        {
            ["app!" + Type] = (0x1_4000_0000, 0x20, new() { ["refcount_"] = 0x0C, ["strongRefCount_"] = 0x10, ["unknown_"] = 0x18 }),
            ["old!" + Type] = (0x7ff8_0000_0000, 0x28, new() { ["refcount_"] = 0x08, ["strongRefCount_"] = 0x18, ["unknown_"] = 0x20 }),
        };

        public int Lookups { get; private set; }

        public bool TryGetTypeId(string qualifiedType, out uint typeId, out ulong moduleBase)
        {
            Lookups++;
            var key = qualifiedType.Contains('!') ? qualifiedType : "app!" + qualifiedType;
            typeId = 7;
            moduleBase = Known.TryGetValue(key, out var t) ? t.Base : 0;
            return moduleBase != 0;
        }

        public bool TryGetTypeSize(ulong moduleBase, uint typeId, out uint size)
        {
            size = Known.Values.First(v => v.Base == moduleBase).Size;
            return true;
        }

        public bool TryGetFieldOffset(ulong moduleBase, uint typeId, string field, out uint offset) =>
            Known.Values.First(v => v.Base == moduleBase).Fields.TryGetValue(field, out offset);

        public string? ModuleNameOf(ulong moduleBase) => Known.First(kv => kv.Value.Base == moduleBase).Key.Split('!')[0];
    }

    [TestInitialize]
    public void Fresh() => EngineSessionCache.Clear();

    [TestCleanup]
    public void Done() => EngineSessionCache.Clear();

    [TestMethod]
    public void EachModulesPdbGivesItsOwnLayoutTaggedWithTheModule()
    {
        var source = new EngineLayoutSource(new FakeTypes());
        var app = source.FindLayout("app!" + Type, TargetArchitecture.X64)!;
        var old = source.FindLayout("old!" + Type, TargetArchitecture.X64)!;
        Assert.AreEqual(0x10u, app.Field("strongRefCount_")!.Offset);
        Assert.AreEqual(0x18u, old.Field("strongRefCount_")!.Offset);
        Assert.AreEqual(0x28u, old.Size);
        Assert.AreEqual("old", old.Module);
        Assert.AreEqual("old symbols", old.Source);
        Assert.AreEqual(FieldKind.VfTable, old.Fields[0].Type.Kind);
    }

    [TestMethod]
    public void AnswersAreCachedByModuleAndTypeUntilTheSessionChanges()
    {
        var types = new FakeTypes();
        var source = new EngineLayoutSource(types);
        source.FindLayout("app!" + Type, TargetArchitecture.X64);
        source.FindLayout("app!" + Type, TargetArchitecture.X64);
        source.FindLayout("APP!" + Type, TargetArchitecture.X64);
        Assert.AreEqual(1, types.Lookups, "module names are case-insensitive, as the engine's are");
        source.FindLayout("old!" + Type, TargetArchitecture.X64);
        Assert.AreEqual(2, types.Lookups);
        Assert.IsNull(source.FindLayout("none!" + Type, TargetArchitecture.X64));
        Assert.IsNull(source.FindLayout("none!" + Type, TargetArchitecture.X64));
        Assert.AreEqual(3, types.Lookups, "a miss is cached too");
        EngineSessionCache.Clear();
        source.FindLayout("app!" + Type, TargetArchitecture.X64);
        Assert.AreEqual(4, types.Lookups);
    }

    [TestMethod]
    public void APdbWithoutARoleFieldOrAnUnknownTypeIsDeclined()
    {
        var types = new FakeTypes();
        types.Known["app!" + Type].Fields.Remove("unknown_");
        var source = new EngineLayoutSource(types);
        Assert.IsNull(source.FindLayout("app!" + Type, TargetArchitecture.X64));
        Assert.IsNull(source.FindLayout("app!Widget", TargetArchitecture.X64), "not a flavour's block type");
    }

    [TestMethod]
    public void PointerFieldsTakeTheTargetsPointerWidth()
    {
        var types = new FakeTypes();
        var x86 = new EngineLayoutSource(types).FindLayout("app!" + Type, TargetArchitecture.X86)!;
        Assert.AreEqual(4, x86.Field("unknown_")!.Type.Size);
        Assert.AreEqual(TargetArchitecture.X86, x86.Family);
    }
}
