using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Engine;

/// <summary>
/// What the engine told us that stays true until the session changes, kept between commands: layouts from
/// its symbols (asking the PDB costs about ten engine calls), keyed by module and type (each module compiles
/// its own copy of a library's classes), and the module list (three calls per module). Every
/// DebugExtensionNotify (session active/inactive, target accessible/inaccessible) drops it all, so a new dump,
/// process or symbol state is asked afresh.
/// </summary>
internal static class EngineSessionCache
{
    private static readonly Dictionary<(string Module, string Type, TargetArchitecture Family), TypeLayout?> Layouts = new();
    private static IReadOnlyList<TargetModule>? _modules;

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

    /// <summary>The module list, asked once per session state (a live target's modules change only with an event that notifies).</summary>
    public static IReadOnlyList<TargetModule> Modules(Func<IReadOnlyList<TargetModule>> lookup)
    {
        lock (Layouts) if (_modules is { } known) return known;
        var modules = lookup();
        lock (Layouts) _modules = modules;
        return modules;
    }

    public static void Clear()
    {
        lock (Layouts)
        {
            Layouts.Clear();
            _modules = null;
        }
    }
}
