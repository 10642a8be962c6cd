using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Fixtures;
using WrlDbgExt.TestSupport.Scenarios;

// Usage:
//   WrlDbgExt.FixtureWriter samples OUTPUT_DIR
//       writer-made scenario dumps for both architectures (wrl-scenarios-{x64,x86}.dmp + manifests)
//   WrlDbgExt.FixtureWriter layout-commands MODULE
//       the engine commands pdb-laid-out needs, one a line: `dt MODULE!TYPE` and `?? sizeof(MODULE!TYPE)` for every
//       type of MODULE's twin: memory_buffers: the IMemoryBuffer reference implementation's four types; any other
//       (weak_refs): every flavour's block type.
//   WrlDbgExt.FixtureWriter pdb-laid-out EXE ENGINE_OUTPUT OUTPUT_STEM
//       the twin of EXE's target laid out as the engine read its types from EXE's PDB (ENGINE_OUTPUT: the engine
//       host's output of the layout-commands, @@@ protocol), attributed to EXE's module so the engine loads its
//       symbols: OUTPUT_STEM.dmp + OUTPUT_STEM.manifest.json (the targets' format). weak_refs: every flavour's
//       scenario, each in its own heap arena; memory_buffers: MemoryBufferTwin. Holds the states a live run cannot
//       produce; where no 32-bit Wine runs the target it is the only x86 dump of it.
//   WrlDbgExt.FixtureWriter big-dump OUTPUT MEGABYTES
//       an x64 dump for scripts/bench-refs.sh: one Memory64List range of MEGABYTES of random data streamed to
//       disk, plus a stack, a module and a heap range, with holders of the object at 0x20000000 planted in each
//       (prints the object's address and the holders' addresses).
//   WrlDbgExt.FixtureWriter big-scan-dump EXE ENGINE_OUTPUT OUTPUT MEGABYTES [DECOYS_PER_MIB]
//       pdb-laid-out's weak_refs dump (every flavour's scenario) plus one range of MEGABYTES of random words, for
//       scripts/bench.sh: `wrldbg scan` of it must list the blocks it lists on pdb-laid-out's dump. DECOYS_PER_MIB
//       (default 16, at most 4096) words per MiB point into the module's headers: candidates the scan decodes.
static int Usage()
{
    Console.Error.WriteLine("usage: WrlDbgExt.FixtureWriter samples OUTPUT_DIR | layout-commands MODULE | pdb-laid-out EXE ENGINE_OUTPUT OUTPUT_STEM | big-dump OUTPUT MEGABYTES | big-scan-dump EXE ENGINE_OUTPUT OUTPUT MEGABYTES [DECOYS_PER_MIB]");
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

if (args.Length == 2 && args[0] == "layout-commands")
{
    foreach (var type in TwinTypes(args[1]))
    {
        Console.WriteLine(DtCommand(args[1], type));
        Console.WriteLine(SizeofCommand(args[1], type));
    }
    return 0;
}

if (args.Length is 5 or 6 && args[0] == "big-scan-dump" && int.TryParse(args[4], out int scanMegabytes) && scanMegabytes > 0)
{
    int decoys = 16;
    if (args.Length == 6 && !(int.TryParse(args[5], out decoys) && decoys is >= 0 and <= 4096)) return Usage();
    var (_, module, arch, layout) = LaidOut(args[1], args[2]);
    if (module.ModuleName == MemoryBufferTwin.Target) return Usage();
    BigDump.WriteScan(args[3], [.. TwinFlavour.All.Select(flavour => new BlockScenario(flavour, arch, layout(flavour.TypeName), module))], scanMegabytes, decoys);
    return 0;
}

if (args.Length == 4 && args[0] == "pdb-laid-out")
{
    var (_, module, arch, layout) = LaidOut(args[1], args[2]);
    TypeLayout Layout(string type) => layout(type);
    const string producer = "minidump writer, laid out from the engine's reading of the PDB";
    int entries;
    if (module.ModuleName == MemoryBufferTwin.Target)
    {
        var twin = new MemoryBufferTwin(arch, [.. MemoryBufferTwin.TypeNames.Select(Layout)], module);
        File.WriteAllBytes(args[3] + ".dmp", twin.Dump());
        File.WriteAllText(args[3] + ".manifest.json", ScenarioDump.TwinManifest(twin, producer));
        entries = twin.Entries.Count;
    }
    else
    {
        var scenarios = TwinFlavour.All.Select(flavour => new BlockScenario(flavour, arch, Layout(flavour.TypeName), module)).ToList();
        File.WriteAllBytes(args[3] + ".dmp", ScenarioDump.Build(scenarios));
        File.WriteAllText(args[3] + ".manifest.json", ScenarioDump.TwinManifest(scenarios, producer));
        entries = scenarios.Sum(s => s.Objects.Count + s.Words.Count);
    }
    Console.WriteLine($"wrote {args[3]}.dmp and its manifest ({arch.DisplayName()}, {entries} entries)");
    return 0;
}

return Usage();

static IEnumerable<string> TwinTypes(string module) =>
    module == MemoryBufferTwin.Target ? MemoryBufferTwin.TypeNames : TwinFlavour.All.Select(f => f.TypeName);

static string DtCommand(string module, string type) => $"dt {module}!{type}";

static string SizeofCommand(string module, string type) => $"?? sizeof({module}!{type})";

static TargetArchitecture ReadMachine(string exe)
{
    using var stream = File.OpenRead(exe);
    using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
    return pe.PEHeaders.CoffHeader.Machine == System.Reflection.PortableExecutable.Machine.I386 ? TargetArchitecture.X86 : TargetArchitecture.X64;
}

// EXE's module and its types as the engine read them from its PDB (ENGINE_OUTPUT: the layout-commands' output).
static (string Exe, TargetModule Module, TargetArchitecture Arch, Func<string, TypeLayout> Layout) LaidOut(string exe, string engineOutput)
{
    var module = PeModule.Read(exe, @"C:\fixtures\" + Path.GetFileName(exe));
    var arch = ReadMachine(exe);
    var engine = EngineRunner.Split(File.ReadAllText(engineOutput)).ToDictionary(c => c.Command, c => c.Output);
    string Output(string command) => engine.TryGetValue(command, out var text) && text.Length > 0
        ? text
        : throw new InvalidDataException($"{engineOutput} has no output of '{command}'");
    var source = $"{Path.GetFileNameWithoutExtension(exe)}.pdb (through the engine)";
    TypeLayout Layout(string type) => DtTypeParser.Parse(type, arch, DtTypeParser.ParseSizeof(Output(SizeofCommand(module.ModuleName, type))),
        Output(DtCommand(module.ModuleName, type)), source);
    return (exe, module, arch, Layout);
}
