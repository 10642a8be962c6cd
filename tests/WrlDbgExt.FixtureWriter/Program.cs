using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Fixtures;
using WrlDbgExt.TestSupport.Scenarios;

// Usage:
//   WrlDbgExt.FixtureWriter samples OUTPUT_DIR
//       writer-made scenario dumps for both architectures (wrl-scenarios-{x64,x86}.dmp + manifests)
//   WrlDbgExt.FixtureWriter pdb-laid-out EXE DT_TYPE_OUTPUT OUTPUT_STEM
//       the WRL scenario laid out as the engine read WeakReferenceImpl from EXE's PDB (DT_TYPE_OUTPUT is the
//       engine's `dt module!Microsoft::WRL::Details::WeakReferenceImpl` text), attributed to EXE's module so the
//       engine loads its symbols: OUTPUT_STEM.dmp + OUTPUT_STEM.manifest.json. Used for x86, where no 32-bit
//       Wine can run the target itself.
//   WrlDbgExt.FixtureWriter big-dump OUTPUT MEGABYTES
//       an x64 dump for scripts/bench-refs.sh: one Memory64List range of MEGABYTES of random data streamed to
//       disk, plus a stack, a module and a heap range, with holders of the object at 0x20000000 planted in each
//       (prints the object's address and the holders' addresses).
static int Usage()
{
    Console.Error.WriteLine("usage: WrlDbgExt.FixtureWriter samples OUTPUT_DIR | pdb-laid-out EXE DT_TYPE_OUTPUT OUTPUT_STEM | big-dump OUTPUT MEGABYTES");
    return 2;
}

if (args.Length == 3 && args[0] == "big-dump" && int.TryParse(args[2], out int megabytes) && megabytes > 0)
{
    BigDump.Write(args[1], megabytes);
    return 0;
}

if (args.Length == 2 && args[0] == "samples")
{
    Directory.CreateDirectory(args[1]);
    foreach (var arch in new[] { TargetArchitecture.X64, TargetArchitecture.X86 })
    {
        var scenario = new WrlScenario(arch);
        var stem = Path.Combine(args[1], $"wrl-scenarios-{arch.DisplayName()}");
        File.WriteAllBytes(stem + ".dmp", ScenarioDump.Build(scenario));
        File.WriteAllText(stem + ".manifest.json", ScenarioDump.Manifest(scenario));
        Console.WriteLine($"wrote {stem}.dmp ({new FileInfo(stem + ".dmp").Length} bytes) and its manifest");
    }
    return 0;
}

if (args.Length == 4 && args[0] == "pdb-laid-out")
{
    var exe = args[1];
    var module = PeModule.Read(exe, @"C:\fixtures\" + Path.GetFileName(exe));
    var arch = ReadMachine(exe);
    // sizeof is not in dt's type form; the tests' table gives it (a conformance test checks it against the engine).
    var reference = ExpectedLayouts.WeakReferenceImpl(arch);
    var layout = DtTypeParser.Parse(ExpectedLayouts.WeakReferenceImplName, arch, reference.Size, File.ReadAllText(args[2]),
        $"{Path.GetFileNameWithoutExtension(exe)}.pdb (through the engine)");
    var scenario = new WrlScenario(arch, layout, module);
    File.WriteAllBytes(args[3] + ".dmp", ScenarioDump.Build(scenario));
    File.WriteAllText(args[3] + ".manifest.json",
        ScenarioDump.Manifest(scenario, "minidump writer, laid out from the engine's reading of the PDB"));
    Console.WriteLine($"wrote {args[3]}.dmp and its manifest ({arch.DisplayName()}, {scenario.Objects.Count} objects)");
    return 0;
}

return Usage();

static TargetArchitecture ReadMachine(string exe)
{
    using var stream = File.OpenRead(exe);
    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
    return pe.PEHeaders.CoffHeader.Machine == System.Reflection.PortableExecutable.Machine.I386 ? TargetArchitecture.X86 : TargetArchitecture.X64;
}
