using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>
/// The debugger's current target as the core sees it: memory through IDebugDataSpaces, the memory map
/// through IDebugDataSpaces2::QueryVirtual, symbols through IDebugSymbols, threads and their stacks through
/// IDebugSystemObjects and IDebugControl::GetStackTrace.
/// </summary>
internal sealed class EngineTarget : ITargetMemory, ISymbolLookup, ITypeLayoutProvider, IMemoryRegions, IModuleList, ITypeMembers,
    IThreadList, IStackFrames, IThreadRegisters
{
    private const uint MachineI386 = 0x014C;
    private const uint MachineAmd64 = 0x8664;
    private const uint MachineArm64 = 0xAA64;

    /// <summary>Stop walking the map after this many QueryVirtual answers: a bound on a hostile or endless map.</summary>
    internal const int MaxRegionQueries = 1_000_000;

    private readonly DebugSession _session;
    private IReadOnlyList<MemoryRegion>? _regions;
    private IReadOnlyList<TargetModule>? _modules;
    private IReadOnlyList<TargetThread>? _threads;
    private readonly Dictionary<uint, IReadOnlyList<StackFrame>> _frames = [];

    /// <param name="session">The command's (or the data model's) session.</param>
    /// <param name="qualifiedTypesOnly">For <c>dx</c>: only type lookups that cannot print (<see cref="EngineLayoutSource.EngineTypeInfo"/>).</param>
    public EngineTarget(DebugSession session, bool qualifiedTypesOnly = false)
    {
        _session = session;
        Architecture = session.Control.EffectiveProcessorType switch
        {
            MachineI386 => TargetArchitecture.X86,
            MachineArm64 => TargetArchitecture.Arm64,
            MachineAmd64 => TargetArchitecture.X64,
            _ => session.Control.IsPointer64Bit ? TargetArchitecture.X64 : TargetArchitecture.X86,
        };
        PointerSize = Architecture.PointerSize();
        _symbols = new EngineSymbols(session.Symbols);
        _types = new EngineLayoutSource.EngineTypeInfo(session.Symbols, session.Client, silentOnly: qualifiedTypesOnly);
        SymbolLayouts = new EngineLayoutSource(_types);
    }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    private readonly EngineSymbols _symbols;

    private readonly ITypeInfo _types;

    public ILayoutSource? SymbolLayouts { get; }

    public bool TryGetName(ulong address, out string name, out ulong displacement) => _symbols.TryGetName(address, out name, out displacement);

    public bool TryGetAddress(string name, out ulong address) => _symbols.TryGetAddress(name, out address);

    public bool TryGetTypeSize(string qualifiedType, out uint size)
    {
        size = 0;
        return _types.TryGetTypeId(qualifiedType, out uint typeId, out ulong moduleBase) && _types.TryGetTypeSize(moduleBase, typeId, out size);
    }

    public bool TryGetFieldOffset(string qualifiedType, string field, out uint offset)
    {
        offset = 0;
        return _types.TryGetTypeId(qualifiedType, out uint typeId, out ulong moduleBase) && _types.TryGetFieldOffset(moduleBase, typeId, field, out offset);
    }

    /// <summary>The engine's loaded modules (image path, base, size, timestamp), kept until the session changes.</summary>
    public IReadOnlyList<TargetModule> Modules => _modules ??= EngineSessionCache.Modules(() =>
        new ModuleTable(_session.Symbols.Modules().Select(m => new TargetModule(m.ImageName, m.Base, m.Size, m.TimeDateStamp, null, null))));

    public int Read(ulong address, Span<byte> buffer)
    {
        if (PointerSize == 4 && address > uint.MaxValue) return 0;
        return _session.Data.ReadVirtual(address, buffer);
    }

    /// <summary>
    /// Committed, readable regions in address order, walked once on first use. For the engine the whole
    /// region is there (BytesAvailable = Size); empty when the engine has no memory map.
    /// </summary>
    public IReadOnlyList<MemoryRegion> Regions => _regions ??= WalkRegions();

    private IReadOnlyList<MemoryRegion> WalkRegions() => DumpRegions() ?? QueryRegions();

    /// <summary>
    /// A dump's captured ranges from the dump file itself (IDebugClient4::GetDumpFileWide; our minidump reader): the
    /// ranges the CLI sees, and no walk past the last one, where dbgeng faults and says so in the console, which a
    /// <c>dx</c> evaluation cannot mute. Null for a live target or a file we cannot read (then the engine's map).
    /// </summary>
    private IReadOnlyList<MemoryRegion>? DumpRegions()
    {
        if (_session.Client.DumpFile() is not { } path) return null;
        try
        {
            return [.. Dumps.Minidump.MinidumpFile.Read(path).Memory.Select(r => new MemoryRegion(r.Start, r.Size, r.BytesInFile))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Dumps.Minidump.MinidumpFormatException)
        {
            return null;
        }
    }

    private List<MemoryRegion> QueryRegions()
    {
        var regions = new List<MemoryRegion>();
        using var map = _session.Data.QueryDataSpaces2();
        if (map is null) return regions;
        // Asked past a dump's last range, dbgeng prints "Exception 0xc0000005 while accessing file mapping"
        // before failing: that is the end of the map, not news for the user.
        using var quiet = _session.Client.Mute();
        ulong limit = PointerSize == 4 ? 1UL << 32 : ulong.MaxValue;
        ulong address = 0;
        for (int i = 0; i < MaxRegionQueries && address < limit; i++)
        {
            // The engine answers with the region holding the address or, in a dump, the next one after it.
            if (!map.TryQueryVirtual(address, out var info) || info.RegionSize == 0) break;
            ulong end = info.BaseAddress + info.RegionSize;
            if (end < info.BaseAddress) end = ulong.MaxValue; // saturate at the top of the address space
            if (end <= address) break;                         // no progress: a confused map
            if (info.IsReadable) regions.Add(new MemoryRegion(info.BaseAddress, end - info.BaseAddress, end - info.BaseAddress));
            if (end == ulong.MaxValue) break;
            address = end;
        }
        return regions;
    }

    /// <summary>Every thread with its stack range, walked once (docs/debugger-engine.md §15).</summary>
    public IReadOnlyList<TargetThread> Threads => _threads ??= WalkThreads();

    /// <summary>The engine's unwind of the thread, taken while walking the threads; null for an unknown thread.</summary>
    public IReadOnlyList<StackFrame>? Frames(uint threadId)
    {
        _ = Threads; // the frames are taken by the same walk
        return _frames.TryGetValue(threadId, out var f) ? f : null;
    }

    /// <summary>The general-purpose registers of the thread, read while walking the threads; null for an unknown thread.</summary>
    public IReadOnlyList<ThreadRegister>? Registers(uint threadId)
    {
        _ = Threads; // read by the same walk
        return _registers.TryGetValue(threadId, out var r) ? r : null;
    }

    private readonly Dictionary<uint, IReadOnlyList<ThreadRegister>> _registers = [];

    private List<TargetThread> WalkThreads()
    {
        var threads = new List<TargetThread>();
        if (_session.SystemObjects is not { } system) return threads;
        using var quiet = _session.Client.Mute(); // symbol-load chatter of the unwind is not ours to show
        uint? current = system.CurrentThreadId;
        try
        {
            foreach (var (engineId, systemId) in system.Threads())
            {
                // GetStackTrace and GetCurrentThreadTeb answer for the current thread only: switch, then put it back.
                if (!system.SetCurrentThreadId(engineId)) continue;
                ulong teb = system.CurrentThreadTeb ?? 0;
                var frames = _session.Control.StackTrace()
                    .Select(f => new StackFrame((int)f.Number, f.Instruction, f.Stack, Name(f.Instruction)))
                    .ToList();
                _frames[systemId] = frames;
                if (_session.Registers is { } registers)
                {
                    var values = GeneralRegisters.For(Architecture).Select(n => (n, registers.Value(n))).ToList();
                    if (values.All(v => v.Item2 is not null))
                        _registers[systemId] = [.. values.Select(v => new ThreadRegister(v.n, v.Item2!.Value))];
                }
                var (start, size) = StackFromTeb(teb) ?? StackFromRegion(frames.Count > 0 ? frames[0].StackOffset : 0);
                threads.Add(new TargetThread(systemId, teb, start, size, null, frames.Count > 0 ? frames[0].StackOffset : null));
            }
        }
        finally
        {
            if (current is { } c) system.SetCurrentThreadId(c);
        }
        return threads;
    }

    private string? Name(ulong address) =>
        _symbols.TryGetName(address, out var name, out var d) ? (d == 0 ? name : $"{name}+0x{d:x}") : null;

    /// <summary>NT_TIB at the TEB's start: StackBase at +1 pointer, StackLimit at +2 (winnt.h; docs/debugger-engine.md §15).</summary>
    private (ulong Start, uint Size)? StackFromTeb(ulong teb)
    {
        if (teb == 0 || !this.TryReadPointer(teb + (ulong)PointerSize, out ulong stackBase) ||
            !this.TryReadPointer(teb + 2 * (ulong)PointerSize, out ulong stackLimit)) return null;
        if (stackLimit >= stackBase || stackBase - stackLimit > uint.MaxValue) return null;
        return (stackLimit, (uint)(stackBase - stackLimit));
    }

    /// <summary>Without a readable TEB (a dump that did not capture it): the memory range holding the stack pointer.</summary>
    private (ulong Start, uint Size) StackFromRegion(ulong stackPointer)
    {
        if (stackPointer == 0) return (0, 0);
        foreach (var r in Regions)
            if (r.Contains(stackPointer) && r.Size <= uint.MaxValue) return (r.Start, (uint)r.Size);
        return (0, 0);
    }
}
