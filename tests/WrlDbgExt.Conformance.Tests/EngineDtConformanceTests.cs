using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Fixtures;
using WrlDbgExt.TestSupport.Scenarios;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>The engine's <c>dt</c> and <c>wrldbg dt</c> on the same engine-made dump, byte for byte.</summary>
[TestClass]
public class EngineDtConformanceTests
{
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
            // The types of decoded flavours the target's PDB defines: one type form each, then every object's value form.
            // Tear-off entries name the tear-off's type, which is no block type of ours.
            var typed = Flavours.Decoded(manifest).Where(o => o.Type is not null && !o.Properties.ContainsKey("via")).ToList();
            var commands = new List<(string Engine, string[] Wrldbg)>();
            foreach (var type in typed.Select(o => o.Type!).Distinct())
                commands.Add(($"dt {module}!{type}", ["dt", dump, $"{module}!{type}"]));
            foreach (var o in typed)
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
        EngineCases.Record($"{nameof(EngineDtConformanceTests)}.{nameof(TypeAndValueFormsEqualTheEngine)}.{arch}", compared);
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
        var exe = Require.FixtureFile("x86", "weak_refs", ".exe");
        var command = $"dt weak_refs!{ExpectedLayouts.WeakReferenceImplName}";
        var engine = EngineRunner.Run(["--image", exe, "--sympath", FixtureSet.Folder("x86")], [".reload /f", command]);
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
        Assert.AreEqual(seed, engine.Output(command));
        Assert.AreEqual(seed, DtRenderer.RenderType(ExpectedLayouts.WeakReferenceImplX86, moduleGiven: true));
        EngineCases.Record($"{nameof(EngineDtConformanceTests)}.{nameof(TheEngineReadsTheX86SeedTableFromTheX86Pdb)}", 2);
    }

    /// <summary>
    /// The tests' own layout table (what scenarios are laid out with) is what the engine reads from the
    /// targets' PDBs: every flavour's block type, field names, offsets, kinds and sizeof.
    /// </summary>
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void TheTestLayoutTableIsWhatTheEngineReadsFromThePdb(string arch)
    {
        Require.Engine();
        var family = arch == "x64" ? TargetArchitecture.X64 : TargetArchitecture.X86;
        var exe = Require.FixtureFile(arch, "weak_refs", ".exe");
        var expected = TwinFlavour.All.Select(f => f.Layout(family)).ToList();
        string Dt(string type) => $"dt weak_refs!{type}";
        string Size(string type) => $"?? sizeof(weak_refs!{type})";
        var engine = EngineRunner.Run(["--image", exe, "--sympath", FixtureSet.Folder(arch)],
            expected.SelectMany(l => new[] { Dt(l.Name), Size(l.Name) }).Prepend(".reload /f"));
        Assert.AreEqual(0, engine.ExitCode, engine.Stderr);

        int compared = 0;
        foreach (var layout in expected)
        {
            var read = DtTypeParser.Parse(layout.Name, family, DtTypeParser.ParseSizeof(engine.Output(Size(layout.Name))), engine.Output(Dt(layout.Name)), "engine");
            Assert.AreEqual(layout.Size, read.Size, $"{arch} sizeof({layout.Name})");
            Assert.AreEqual(layout.Family, read.Family);
            CollectionAssert.AreEqual(layout.Fields.ToList(), read.Fields.ToList(),
                $"{arch} {layout.Name}: test table {string.Join(", ", layout.Fields)} vs engine {string.Join(", ", read.Fields)}");
            compared += 1 + read.Fields.Count;
        }
        EngineCases.Record($"{nameof(EngineDtConformanceTests)}.{nameof(TheTestLayoutTableIsWhatTheEngineReadsFromThePdb)}.{arch}", compared);
    }
}
