using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Targets;

/// <summary>Opt-in capability: type layouts from the target's own symbols (engine, PDB); null when it has none.</summary>
public interface ITypeLayoutProvider
{
    ILayoutSource? SymbolLayouts { get; }
}
