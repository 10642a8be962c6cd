using System.Diagnostics;
using System.Text.RegularExpressions;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Dumps;
using WrlDbgExt.Pdb;
using WrlDbgExt.Pdb.Symbols;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>The engine's <c>ln</c> and <c>wrldbg ln --symbols</c> on the same engine-made dump, byte for byte (docs/pdb-format.md §17).</summary>
[TestClass]
public partial class LnConformanceTests
{
    [TestMethod]
    [DataRow("x64")]
    [DataRow("x86")]
    public void EveryFunctionGlobalAndPublicNamesItselfAsTheEngineDoes(string arch)
    {
        Require.Engine();
        int ptr = arch == "x64" ? 8 : 4;
        int compared = 0;
        var failures = new List<string>();
        // The engine-made dumps (the writer-made ones hold no code to name).
        foreach (var target in Require.DumpedTargets(arch).Where(t => !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var pdbPath = FixtureSet.File(arch, target, ".pdb");
            ulong imageBase;
            uint imageSize;
            using (var opened = MinidumpTarget.Open(dump))
            {
                var module = opened.Modules.Single(m => string.Equals(m.ModuleName, target, StringComparison.OrdinalIgnoreCase));
                (imageBase, imageSize) = (module.ImageBase, module.ImageSize);
            }
            var rvas = new SortedSet<uint>();
            int procedures;
            using (var pdb = PdbFile.Open(pdbPath))
            {
                var symbols = pdb.Symbols;
                var moduleSymbols = Enumerable.Range(0, symbols.ModuleCount).SelectMany(symbols.ModuleSymbols).ToList();
                procedures = moduleSymbols.Count(s => s.Kind is SymbolKind.GlobalProcedure or SymbolKind.LocalProcedure);
                foreach (var s in moduleSymbols.Where(s => s.IsProcedure || s.Kind is SymbolKind.GlobalData or SymbolKind.LocalData)
                             .Concat(symbols.GlobalData).Concat(symbols.Publics))
                    if (s.Rva is { } rva) rvas.Add(rva);
            }
            // Independent of our reader: llvm-pdbutil counts the same procedures.
            Assert.AreEqual(LlvmProcedureCount(pdbPath), procedures, $"{arch} {target}: S_GPROC32 + S_LPROC32");
            Assert.IsTrue(procedures > 100 && rvas.Count > procedures, $"{arch} {target}: {procedures} procedures, {rvas.Count} addresses");

            var addresses = new List<ulong> { imageBase, imageBase + imageSize - 1, imageBase + imageSize, 0x10 };
            foreach (uint rva in rvas)
            {
                addresses.Add(imageBase + rva);
                addresses.Add(imageBase + rva + 1);
            }
            var commands = addresses.Distinct().Select(a => $"ln {Hex.Pointer(a, ptr)}").ToList();
            var run = EngineRunner.RunBatched(["--dump", dump, "--sympath", FixtureSet.Folder(arch)], commands);
            Assert.AreEqual(0, run.ExitCode, run.Stderr);
            var engine = new Dictionary<string, string>();
            foreach (var (command, output) in run.Commands) engine[command] = output;
            foreach (var command in commands)
            {
                var ours = CliRunner.Run("ln", dump, command[3..], "--symbols", FixtureSet.Folder(arch));
                Assert.AreEqual(0, ours.ExitCode, ours.Stderr);
                if (!engine.TryGetValue(command, out var expected)) Assert.Fail($"the engine did not run '{command}'");
                if (expected != ours.Stdout) failures.Add($"{target} {command}\nengine:\n{expected}wrldbg:\n{ours.Stdout}");
                compared++;
            }
        }
        Assert.AreEqual(0, failures.Count, $"{arch}: {failures.Count} of {compared} differ; first ones:\n{string.Join("\n", failures.Take(8))}");
        EngineCases.Record($"{nameof(LnConformanceTests)}.{nameof(EveryFunctionGlobalAndPublicNamesItselfAsTheEngineDoes)}.{arch}", compared);
    }

    private static int LlvmProcedureCount(string pdb)
    {
        var psi = new ProcessStartInfo("llvm-pdbutil") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "dump", "-symbols", pdb }) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, "llvm-pdbutil dump -symbols");
        return ProcedureRecord().Matches(stdout.Result).Count;
    }

    [GeneratedRegex(@"^\s*\d+ \| S_[GL]PROC32 ", RegexOptions.Multiline)]
    private static partial Regex ProcedureRecord();
}
