using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Tests.Decoders;

internal sealed class SingleLayoutSource(TypeLayout layout) : ILayoutSource
{
    public string Name => layout.Source;

    public IEnumerable<string> KnownTypes => [layout.Name];

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family) =>
        typeName == layout.Name && family.LayoutFamily() == layout.Family ? layout : null;
}

internal sealed class FakeSymbols(Dictionary<ulong, string> names) : ISymbolLookup
{
    public bool TryGetName(ulong address, out string name, out ulong displacement)
    {
        displacement = 0;
        return names.TryGetValue(address, out name!);
    }

    public bool TryGetAddress(string name, out ulong address)
    {
        address = names.FirstOrDefault(kv => kv.Value == name).Key;
        return address != 0;
    }
}

internal sealed class SymbolizedTarget(InMemoryTarget inner, ISymbolLookup symbols) : ITargetMemory, ISymbolLookup, IModuleList, IMemoryRegions
{
    public TargetArchitecture Architecture => inner.Architecture;

    public int PointerSize => inner.PointerSize;

    public IReadOnlyList<TargetModule> Modules => inner.Modules;

    public IReadOnlyList<MemoryRegion> Regions => inner.Regions;

    public bool TryGetName(ulong address, out string name, out ulong displacement) => symbols.TryGetName(address, out name, out displacement);

    public bool TryGetAddress(string name, out ulong address) => symbols.TryGetAddress(name, out address);

    public int Read(ulong address, Span<byte> buffer) => inner.Read(address, buffer);
}
