using WrlDbgExt.Core.Flavours.Wrl;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>The engine's <c>dt</c> and <c>wrldbg dt</c> on the same engine-made dump, byte for byte.</summary>
[TestClass]
public class EngineDtConformanceTests
{
    private static readonly string[] CatalogTypes = [WrlFlavour.TypeName];

    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void TypeAndValueFormsEqualTheEngine(string arch)
    {
        Require.Engine();
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            var module = manifest.Module;
            var commands = new List<(string Engine, string[] Wrldbg)>();
            // Only types the target's PDB defines: wrldbg has no PDB reader yet and would print its built-in layout.
            foreach (var type in CatalogTypes.Where(t => manifest.Objects.Any(o => o.Type == t)))
                commands.Add(($"dt {module}!{type}", ["dt", dump, $"{module}!{type}"]));
            foreach (var o in manifest.Objects.Where(o => o.Type is not null && CatalogTypes.Contains(o.Type)))
            {
                var address = Hex.Pointer(o.Address, arch == "x64" ? 8 : 4);
                commands.Add(($"dt {module}!{o.Type} {address}", ["dt", dump, $"{module}!{o.Type}", address]));
            }

            // ".reload /f" first: symbol-loading warnings then land in its output, not in the first dt's.
            if (commands.Count == 0) continue;
            var engine = EngineRunner.Run(["--dump", dump, "--sympath", FixtureSet.Folder(arch)],
                commands.Select(c => c.Engine).Prepend(".reload /f"));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            foreach (var (engineCommand, wrldbgArgs) in commands)
            {
                var ours = CliRunner.Run(wrldbgArgs);
                Assert.AreEqual(0, ours.ExitCode, ours.Stderr);
                Assert.AreEqual(engine.Output(engineCommand), ours.Stdout, $"{arch} {target}: {engineCommand}");
                compared++;
            }
        }
        Assert.IsTrue(compared >= 2, "compared at least the type form and one object");
    }

    [TestMethod]
    public void TheEngineReadsTheX86SeedTableFromTheX86Pdb()
    {
        Require.Engine();
        const string seed =
            "   +0x000 __VFN_table : Ptr32 \n" +
            "   +0x008 refcount_        : Int4B\n" +
            "   +0x00c strongRefCount_  : Int4B\n" +
            "   +0x010 unknown_         : Ptr32 IUnknown\n";
        foreach (var target in Require.Targets("x86"))
        {
            var manifest = FixtureManifest.Load(FixtureSet.File("x86", target, ".manifest.json"));
            if (!manifest.Objects.Any(o => o.Type == WrlFlavour.TypeName)) continue;
            var command = $"dt {manifest.Module}!{WrlFlavour.TypeName}";
            var engine = EngineRunner.Run(["--image", FixtureSet.File("x86", manifest.Module, ".exe"), "--sympath", FixtureSet.Folder("x86")],
                [".reload /f", command]);
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            Assert.AreEqual(seed, engine.Output(command));
            Assert.AreEqual(seed, DtRenderer.RenderType(WrlFlavour.X86, moduleGiven: true));
            return;
        }
        Assert.Fail("no x86 target declares a WeakReferenceImpl");
    }
}
