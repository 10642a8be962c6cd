using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>
/// Layouts from the engine's symbols: for a flavour's block type (<c>[module!]Type</c>), the field offsets and
/// size the loaded PDB gives for the flavour's role fields. The field kinds come from the flavour's built-in
/// layout of any architecture (resized to this pointer width), so a PDB can supply a layout the built-in table
/// lacks for this architecture. When the PDB lacks the type or a field, this source declines.
/// </summary>
internal sealed class EngineLayoutSource(DebugSymbols symbols, DebugClient client) : ILayoutSource
{
    public string Name => "engine symbols";

    public IEnumerable<string> KnownTypes => FlavourCatalog.All.Select(f => f.ControlBlockType).Distinct();

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family)
    {
        int bang = typeName.IndexOf('!');
        string module = bang < 0 ? "" : typeName[..bang];
        string type = bang < 0 ? typeName : typeName[(bang + 1)..];
        return EngineSessionCache.GetOrAdd(module, type, family, () => Lookup(typeName, type, family));
    }

    private TypeLayout? Lookup(string qualified, string type, TargetArchitecture family)
    {
        var flavour = FlavourCatalog.All.FirstOrDefault(f => f.ControlBlockType == type);
        var template = flavour?.BuiltInLayout(family) ?? flavour?.BuiltInLayouts.FirstOrDefault();
        if (template is null) return null;
        uint typeId;
        ulong moduleBase;
        using (client.Mute())
        {
            if (!symbols.TryGetTypeId(qualified, out typeId, out moduleBase)) return null;
        }
        if (!symbols.TryGetTypeSize(moduleBase, typeId, out uint size)) return null;

        int ptr = family.PointerSize();
        var fields = new List<FieldLayout>();
        foreach (var field in template.Fields)
        {
            uint offset;
            if (field.Type.Kind == FieldKind.VfTable) offset = 0; // the vfptr has no field name in a PDB
            else if (!symbols.TryGetFieldOffset(moduleBase, typeId, field.Name, out offset)) return null;
            var kind = field.Type.Kind is FieldKind.VfTable or FieldKind.Pointer ? field.Type with { Size = ptr } : field.Type;
            fields.Add(field with { Offset = offset, Type = kind });
        }
        string? moduleName = symbols.ModuleNameOf(moduleBase);
        return new TypeLayout(type, family.LayoutFamily(), size, fields.OrderBy(f => f.Offset).ToList(),
            moduleName is null ? "symbols" : $"{moduleName} symbols", moduleName);
    }
}
