using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// Layouts known without symbols: those the flavour descriptors declare (each flavour's file is the one
/// place its layout lives) and the IMemoryBuffer implementations' (Buffers/).
/// </summary>
public sealed class BuiltInLayouts : ILayoutSource
{
    public static BuiltInLayouts Instance { get; } = new();

    private BuiltInLayouts() { }

    public string Name => "built-in";

    private static IEnumerable<TypeLayout> All =>
        FlavourCatalog.All.SelectMany(f => f.BuiltInLayouts).Concat(Buffers.ReferenceBufferImplementation.BuiltInLayouts);

    public IEnumerable<string> KnownTypes => All.Select(l => l.Name).Distinct();

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family)
    {
        var f = family.LayoutFamily();
        typeName = typeName[(typeName.IndexOf('!') + 1)..]; // built-in layouts belong to no module
        return All.FirstOrDefault(l => l.Family == f && l.Name == typeName);
    }
}
