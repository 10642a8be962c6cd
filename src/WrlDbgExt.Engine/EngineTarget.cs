using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>
/// The debugger's current target as the core sees it: memory through IDebugDataSpaces, the memory map
/// through IDebugDataSpaces2::QueryVirtual, symbols through IDebugSymbols.
/// </summary>
internal sealed class EngineTarget : ITargetMemory, ISymbolLookup, ITypeLayoutProvider, IMemoryRegions, IModuleList, ITypeMembers
{
    private const uint MachineI386 = 0x014C;
    private const uint MachineAmd64 = 0x8664;
    private const uint MachineArm64 = 0xAA64;

    /// <summary>Stop walking the map after this many QueryVirtual answers: a bound on a hostile or endless map.</summary>
    internal const int MaxRegionQueries = 1_000_000;

    private readonly DebugSession _session;
    private IReadOnlyList<MemoryRegion>? _regions;
    private IReadOnlyList<TargetModule>? _modules;

    public EngineTarget(DebugSession session)
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
        _types = new EngineLayoutSource.EngineTypeInfo(session.Symbols, session.Client);
        SymbolLayouts = new EngineLayoutSource(_types);
    }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    private readonly EngineSymbols _symbols;

    private readonly IEngineTypeInfo _types;

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
        _session.Symbols.Modules().Select(m => new TargetModule(m.ImageName, m.Base, m.Size, m.TimeDateStamp, null, null)).ToList());

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

    private List<MemoryRegion> WalkRegions()
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
}
