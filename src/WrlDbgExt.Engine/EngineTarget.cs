using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Engine;

/// <summary>The debugger's current target as the core sees it: memory through IDebugDataSpaces, symbols through IDebugSymbols.</summary>
internal sealed class EngineTarget : ITargetMemory, ISymbolLookup, ITypeLayoutProvider
{
    private const uint MachineI386 = 0x014C;
    private const uint MachineAmd64 = 0x8664;
    private const uint MachineArm64 = 0xAA64;

    private readonly DebugSession _session;

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
        SymbolLayouts = new EngineLayoutSource(session.Symbols, session.Client);
    }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    private readonly EngineSymbols _symbols;

    public ILayoutSource? SymbolLayouts { get; }

    public bool TryGetName(ulong address, out string name, out ulong displacement) => _symbols.TryGetName(address, out name, out displacement);

    public bool TryGetAddress(string name, out ulong address) => _symbols.TryGetAddress(name, out address);

    public int Read(ulong address, Span<byte> buffer)
    {
        if (PointerSize == 4 && address > uint.MaxValue) return 0;
        return _session.Data.ReadVirtual(address, buffer);
    }
}
