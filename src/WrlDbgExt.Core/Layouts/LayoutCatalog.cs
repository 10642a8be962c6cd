using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// Ordered layout sources, most authoritative first (engine symbols, then PDBs, then built-in):
/// the first that knows a type wins.
/// </summary>
public sealed class LayoutCatalog : ILayoutSource
{
    private readonly IReadOnlyList<ILayoutSource> _sources;

    public LayoutCatalog(IEnumerable<ILayoutSource> sources) => _sources = sources.ToList();

    /// <summary>The catalog a host gets when it has nothing better than the built-in table.</summary>
    public static LayoutCatalog BuiltInOnly { get; } = new([BuiltInLayouts.Instance]);

    /// <summary>The target's own symbol layouts (if any) first, then built-in.</summary>
    public static LayoutCatalog For(ITargetMemory target)
    {
        var symbols = target.SymbolLayouts();
        return symbols is null ? BuiltInOnly : new LayoutCatalog([symbols, BuiltInLayouts.Instance]);
    }

    public IReadOnlyList<ILayoutSource> Sources => _sources;

    public string Name => string.Join(", ", _sources.Select(s => s.Name));

    public IEnumerable<string> KnownTypes => _sources.SelectMany(s => s.KnownTypes).Distinct();

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family)
    {
        foreach (var source in _sources)
        {
            var layout = source.FindLayout(typeName, family);
            if (layout is not null) return layout;
        }
        return null;
    }
}
