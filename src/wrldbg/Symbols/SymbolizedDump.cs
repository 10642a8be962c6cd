using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// A dump with its modules' PDBs: the dump's own capabilities (memory, regions, modules, threads, registers) plus
/// names (<see cref="ISymbolLookup"/>) and PDB layouts (<see cref="ITypeLayoutProvider"/>), as the engine offers them.
/// </summary>
internal sealed class SymbolizedDump(MinidumpTarget dump, DumpSymbols symbols)
    : ITargetMemory, IModuleList, IMemoryRegions, IThreadList, IThreadRegisters, ISymbolLookup, ITypeLayoutProvider, IDisposable
{
    public MinidumpTarget Dump => dump;

    public DumpSymbols Symbols => symbols;

    public TargetArchitecture Architecture => dump.Architecture;

    public int PointerSize => dump.PointerSize;

    public int Read(ulong address, Span<byte> buffer) => dump.Read(address, buffer);

    public IReadOnlyList<TargetModule> Modules => dump.Modules;

    public IReadOnlyList<MemoryRegion> Regions => dump.Regions;

    public IReadOnlyList<TargetThread> Threads => dump.Threads;

    public IReadOnlyList<ThreadRegister>? Registers(uint threadId) => dump.Registers(threadId);

    public bool TryGetName(ulong address, out string name, out ulong displacement) => symbols.TryGetName(address, out name, out displacement);

    public bool TryGetAddress(string name, out ulong address) => symbols.TryGetAddress(name, out address);

    public ILayoutSource? SymbolLayouts { get; } = new SymbolLayoutSource(symbols, "PDB symbols");

    /// <summary>Closes the PDBs; the dump belongs to whoever opened it.</summary>
    public void Dispose() => symbols.Dispose();
}
