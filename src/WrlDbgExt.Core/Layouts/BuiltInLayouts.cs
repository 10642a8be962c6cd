using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// Layouts we know without symbols. Each layout lives in its own file under <c>Layouts/BuiltIn/</c>
/// and registers itself here, so adding one touches nothing else.
/// </summary>
public sealed class BuiltInLayouts : ILayoutSource
{
    private static readonly List<TypeLayout> Registered = new();

    public static BuiltInLayouts Instance { get; } = new();

    private BuiltInLayouts() { }

    public string Name => "built-in";

    public IEnumerable<string> KnownTypes
    {
        get { lock (Registered) return Registered.Select(l => l.Name).Distinct().ToList(); }
    }

    public static void Register(params TypeLayout[] layouts)
    {
        lock (Registered) Registered.AddRange(layouts);
    }

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family)
    {
        var f = family.LayoutFamily();
        lock (Registered) return Registered.FirstOrDefault(l => l.Family == f && l.Name == typeName);
    }
}
