using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>Names for addresses and addresses for names from the engine's loaded symbols.</summary>
internal sealed class EngineSymbols(DebugSymbols symbols) : ISymbolLookup
{

    public bool TryGetName(ulong address, out string name, out ulong displacement)
    {
        // "module+0x1234" (no '!') is the engine's way of saying it has no symbol there: not a name.
        if (symbols.TryGetNameByOffset(address, out name, out displacement) && name.Contains('!'))
            return true;
        name = "";
        displacement = 0;
        return false;
    }

    public bool TryGetAddress(string name, out ulong address) => symbols.TryGetOffsetByName(name, out address);
}
