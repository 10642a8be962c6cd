using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>
/// Layouts from the engine's symbols: for a type the built-in catalog knows, the field offsets and size
/// the loaded PDB gives. When the PDB lacks the type or any of its fields, this source declines and
/// the built-in layout serves.
/// </summary>
internal sealed class EngineLayoutSource(DebugSymbols symbols, DebugClient client) : ILayoutSource
{
    public string Name => "engine symbols";

    public IEnumerable<string> KnownTypes => BuiltInLayouts.Instance.KnownTypes;

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family) =>
        EngineLayoutCache.GetOrAdd(typeName, family, () => Lookup(typeName, family));

    private TypeLayout? Lookup(string typeName, TargetArchitecture family)
    {
        var template = BuiltInLayouts.Instance.FindLayout(typeName, family);
        if (template is null) return null;
        uint typeId;
        ulong module;
        using (client.Mute())
        {
            if (!symbols.TryGetTypeId(typeName, out typeId, out module)) return null;
        }
        if (!symbols.TryGetTypeSize(module, typeId, out uint size)) return null;

        var fields = new List<FieldLayout>();
        foreach (var field in template.Fields)
        {
            uint offset;
            if (field.Type.Kind == FieldKind.VfTable) offset = 0; // the vfptr has no field name in a PDB
            else if (!symbols.TryGetFieldOffset(module, typeId, field.Name, out offset)) return null;
            fields.Add(field with { Offset = offset });
        }
        string? moduleName = symbols.ModuleNameOf(module);
        return new TypeLayout(typeName, family.LayoutFamily(), size, fields.OrderBy(f => f.Offset).ToList(),
            moduleName is null ? "symbols" : $"{moduleName} symbols", moduleName);
    }
}
