using System.Reflection;
using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Tests;

[TestClass]
public class ArchitectureTests
{
    [TestMethod]
    public void TheCoreReferencesNoHostLibrary()
    {
        var references = typeof(TypeLayout).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var foreign = references.Where(n => !(n.StartsWith("System", StringComparison.Ordinal) || n is "netstandard" or "mscorlib")).ToList();
        Assert.AreEqual(0, foreign.Count, "Core must know no host: " + string.Join(", ", foreign));
        Assert.IsTrue(references.Count > 0);
    }

    [TestMethod]
    public void BuiltInLayoutsAreRegisteredForBothArchitectures()
    {
        var known = BuiltInLayouts.Instance.KnownTypes.ToList();
        CollectionAssert.Contains(known, "Microsoft::WRL::Details::WeakReferenceImpl");
        Assert.AreEqual(0x20u, BuiltInLayouts.Instance.FindLayout("Microsoft::WRL::Details::WeakReferenceImpl", Core.Targets.TargetArchitecture.X64)!.Size);
        Assert.AreEqual(0x14u, BuiltInLayouts.Instance.FindLayout("Microsoft::WRL::Details::WeakReferenceImpl", Core.Targets.TargetArchitecture.X86)!.Size);
    }
}

[TestClass]
public class FlavourDescriptorTests
{
    [TestMethod]
    public void EveryFlavourDeclaresBothArchitecturesAndEveryRole()
    {
        foreach (var flavour in Flavours.FlavourCatalog.All)
        {
            foreach (var arch in new[] { Core.Targets.TargetArchitecture.X86, Core.Targets.TargetArchitecture.X64 })
            {
                var layout = flavour.BuiltInLayout(arch);
                Assert.IsNotNull(layout, $"{flavour.Id} {arch}");
                Assert.AreEqual(flavour.ControlBlockType, layout.Name);
                foreach (var role in Enum.GetValues<Flavours.FieldRole>())
                    Assert.IsNotNull(layout.Field(flavour.FieldName(role)), $"{flavour.Id} {arch} {role}");
                Assert.AreSame(layout, BuiltInLayouts.Instance.FindLayout(flavour.ControlBlockType, arch), "the built-in table is the flavours' layouts");
            }
            Assert.IsTrue(flavour.VfTableSymbols.Count > 0, flavour.Id);
            Assert.AreSame(flavour, Flavours.FlavourCatalog.ById(flavour.Id));
        }
    }
}

[TestClass]
public class BuiltInLayoutTableTests
{
    /// <summary>
    /// The core's built-in table against the test-owned one (itself checked against the engine's reading of the
    /// targets' PDBs by the conformance tests), every flavour: a wrong built-in offset fails here.
    /// </summary>
    [TestMethod]
    [DataRow(Core.Targets.TargetArchitecture.X64)]
    [DataRow(Core.Targets.TargetArchitecture.X86)]
    public void EveryFlavoursBuiltInLayoutIsTheTestOwnedTable(Core.Targets.TargetArchitecture arch)
    {
        foreach (var twin in TestSupport.Scenarios.TwinFlavour.All)
        {
            var expected = twin.Layout(arch);
            var flavour = Flavours.FlavourCatalog.ById(twin.Id)!;
            var actual = flavour.BuiltInLayout(arch)!;
            Assert.AreEqual(twin.StrongField, flavour.FieldName(Flavours.FieldRole.StrongCount), twin.Id);
            Assert.AreEqual(twin.WeakField, flavour.FieldName(Flavours.FieldRole.WeakCount), twin.Id);
            Assert.AreEqual(twin.TargetField, flavour.FieldName(Flavours.FieldRole.Target), twin.Id);
            Assert.AreEqual(expected.Name, actual.Name, twin.Id);
            Assert.AreEqual(expected.Size, actual.Size, $"{twin.Id} sizeof");
            CollectionAssert.AreEqual(expected.Fields.Select(f => (f.Name, f.Offset, f.Type)).ToArray(), actual.Fields.Select(f => (f.Name, f.Offset, f.Type)).ToArray(), twin.Id);
        }
    }
}
