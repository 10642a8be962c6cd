using System.Diagnostics;
using WrlDbgExt.Pdb;
using WrlDbgExt.Pdb.Types;

// Usage: WrlDbgExt.PdbBench PDB TYPE
// Prints "open+find MS", the type's size, and the process's peak working set beyond what it had before opening
// (the runtime's own), in MB: issue 11's goals are faster than llvm-pdbutil and under 64 MB beyond the runtime.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: WrlDbgExt.PdbBench PDB TYPE");
    return 2;
}
using var self = Process.GetCurrentProcess();
GC.Collect();
self.Refresh();
long before = self.PeakWorkingSet64;
var clock = Stopwatch.StartNew();
using var pdb = PdbFile.Open(args[0]);
var type = pdb.Types.FindByName(args[1]);
clock.Stop();
if (type is null)
{
    Console.Error.WriteLine($"{args[1]}: not in {args[0]}");
    return 1;
}
self.Refresh();
Console.WriteLine($"open+find {clock.Elapsed.TotalMilliseconds:0.0} ms; size 0x{pdb.Types.SizeOf(type.Index):x}; " +
    $"peak {(self.PeakWorkingSet64 - before) / 1048576.0:0.0} MB beyond the runtime's {before / 1048576.0:0.0} MB");
return 0;
