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
