using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Scenarios;

// Usage: WrlDbgExt.SampleDump OUTPUT_DIR — writes wrl-scenarios-{x64,x86}.dmp and their manifests.
if (args.Length != 1)
{
    Console.Error.WriteLine("usage: WrlDbgExt.SampleDump OUTPUT_DIR");
    return 2;
}
Directory.CreateDirectory(args[0]);
foreach (var arch in new[] { TargetArchitecture.X64, TargetArchitecture.X86 })
{
    var scenario = new WrlScenario(arch);
    var stem = Path.Combine(args[0], $"wrl-scenarios-{arch.DisplayName()}");
    File.WriteAllBytes(stem + ".dmp", ScenarioDump.Build(scenario));
    File.WriteAllText(stem + ".manifest.json", ScenarioDump.Manifest(scenario));
    Console.WriteLine($"wrote {stem}.dmp ({new FileInfo(stem + ".dmp").Length} bytes) and its manifest");
}
return 0;
