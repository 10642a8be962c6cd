namespace WrlDbgExt.Core.Targets;

/// <summary>Opt-in capability: the target offers symbol services (possibly none right now).</summary>
public interface ISymbolHost
{
    ISymbolServices? Symbols { get; }
}
