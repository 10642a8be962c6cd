using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Engine;

/// <summary>
/// Layouts the engine's symbols gave, kept between commands (asking the PDB costs about ten engine
/// calls). Every DebugExtensionNotify (session active/inactive, target accessible/inaccessible) drops
/// them, so a new dump, process or symbol state is asked afresh.
/// </summary>
internal static class EngineLayoutCache
{
    private static readonly Dictionary<(string, TargetArchitecture), TypeLayout?> Layouts = new();

    public static TypeLayout? GetOrAdd(string typeName, TargetArchitecture family, Func<TypeLayout?> lookup)
    {
        lock (Layouts)
        {
            if (Layouts.TryGetValue((typeName, family), out var known)) return known;
        }
        var layout = lookup();
        lock (Layouts) Layouts[(typeName, family)] = layout;
        return layout;
    }

    public static void Clear()
    {
        lock (Layouts) Layouts.Clear();
    }
}
