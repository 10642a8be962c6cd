using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// A dump with its modules' PDBs: the dump's own capabilities (memory, regions, modules, threads, registers) plus
/// names (<see cref="ISymbolLookup"/>) and PDB layouts (<see cref="ITypeLayoutProvider"/>), as the engine offers them.
/// </summary>
internal sealed class SymbolizedDump(MinidumpTarget dump, DumpSymbols symbols)
    : ITargetMemory, IModuleList, IMemoryRegions, IThreadList, IThreadRegisters, ISymbolLookup, INearestSymbols, ITypeLayoutProvider, ITypeCatalog, IDisposable
{
    private readonly bool _fullMemory = dump.Summary.Memory.FullMemory;
    private readonly PdbTypeCatalog _types = new(symbols);

    public MinidumpTarget Dump => dump;

    public DumpSymbols Symbols => symbols;

    public TargetArchitecture Architecture => dump.Architecture;

    public int PointerSize => dump.PointerSize;

    /// <summary>
    /// The dump's bytes; where it has none, a module's read-only image bytes from its file on the symbol path, unless
    /// the dump says it holds all memory (MiniDumpWithFullMemory): the engine then takes missing bytes as missing
    /// (docs/pdb-format.md §18).
    /// </summary>
    public int Read(ulong address, Span<byte> buffer)
    {
        if (_fullMemory) return dump.Read(address, buffer);
        int done = 0;
        while (done < buffer.Length)
        {
            ulong at = address + (ulong)done;
            int n = dump.Read(at, buffer[done..]);
            if (n <= 0) n = symbols.ReadImage(at, buffer[done..]);
            if (n <= 0) break;
            done += n;
        }
        return done;
    }

    public IReadOnlyList<TargetModule> Modules => dump.Modules;

    public IReadOnlyList<MemoryRegion> Regions => dump.Regions;

    public bool ReadsConcurrently => dump.ReadsConcurrently;

    public IReadOnlyList<TargetThread> Threads => dump.Threads;

    public IReadOnlyList<ThreadRegister>? Registers(uint threadId) => dump.Registers(threadId);

    public bool TryGetName(ulong address, out string name, out ulong displacement) => symbols.TryGetName(address, out name, out displacement);

    public bool TryGetAddress(string name, out ulong address) => symbols.TryGetAddress(name, out address);

    public IReadOnlyList<NamedType> FindTypes(string? module, string name) => _types.FindTypes(module, name);

    public IReadOnlyList<SymbolMatch> Matching(string? module, string pattern) => _types.Matching(module, pattern);

    public NamedGlobal? FindGlobal(string? module, string name) => _types.FindGlobal(module, name);

    public NearSymbols? Near(ulong address) => symbols.Near(address);

    public ILayoutSource? SymbolLayouts { get; } = new SymbolLayoutSource(symbols, "PDB symbols");

    /// <summary>Closes the PDBs; the dump belongs to whoever opened it.</summary>
    public void Dispose() => symbols.Dispose();
}
