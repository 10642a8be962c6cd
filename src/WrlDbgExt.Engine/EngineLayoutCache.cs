using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Engine;

/// <summary>
/// Layouts the engine's symbols gave, kept between commands (asking the PDB costs about ten engine calls),
/// keyed by module and type (each module compiles its own copy of a library's classes). Every
/// DebugExtensionNotify (session active/inactive, target accessible/inaccessible) drops them, so a new dump,
/// process or symbol state is asked afresh.
/// </summary>
internal static class EngineLayoutCache
{
    private static readonly Dictionary<(string Module, string Type, TargetArchitecture Family), TypeLayout?> Layouts = new();

    public static TypeLayout? GetOrAdd(string module, string typeName, TargetArchitecture family, Func<TypeLayout?> lookup)
    {
        var key = (module.ToLowerInvariant(), typeName, family);
        lock (Layouts)
        {
            if (Layouts.TryGetValue(key, out var known)) return known;
        }
        var layout = lookup();
        lock (Layouts) Layouts[key] = layout;
        return layout;
    }

    public static void Clear()
    {
        lock (Layouts) Layouts.Clear();
    }
}
