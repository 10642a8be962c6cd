using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// What a layout source asks of a host's symbols (the engine's, or a PDB the CLI found): type ids scoped by module
/// base, sizes and field offsets (base classes' fields included). A seam, so it is tested without an engine or a PDB.
/// </summary>
public interface ITypeInfo
{
    /// <summary>The type id and module base of <c>[module!]Type</c>; false when the symbols lack it.</summary>
    bool TryGetTypeId(string qualifiedType, out uint typeId, out ulong moduleBase);

    bool TryGetTypeSize(ulong moduleBase, uint typeId, out uint size);

    /// <summary>A field's offset, base classes' fields included.</summary>
    bool TryGetFieldOffset(ulong moduleBase, uint typeId, string field, out uint offset);

    string? ModuleNameOf(ulong moduleBase);
}

/// <summary>
/// Layouts from symbols: for a flavour's block type (<c>[module!]Type</c>), the field offsets and size the symbols
/// give for the flavour's role fields. The field kinds come from the flavour's built-in layout of this architecture
/// or, when the table lacks one, of any other (resized to this pointer width), so a PDB supplies the layouts the
/// built-in table lacks. When the symbols lack the type or a field, this source declines. Answers go through the
/// host's cache, keyed by module and type (each module compiles its own copy of a library's classes).
/// </summary>
/// <param name="types">The host's symbols.</param>
/// <param name="name">What the catalog calls this source.</param>
/// <param name="cache">The host's cache: (module, type, family, lookup) → layout; null for none.</param>
public class SymbolLayoutSource(ITypeInfo types, string name, Func<string, string, TargetArchitecture, Func<TypeLayout?>, TypeLayout?>? cache = null)
    : ILayoutSource
{
    public string Name => name;

    public IEnumerable<string> KnownTypes => FlavourCatalog.All.Select(f => f.ControlBlockType).Distinct();

    public TypeLayout? FindLayout(string typeName, TargetArchitecture family)
    {
        int bang = typeName.IndexOf('!');
        string module = bang < 0 ? "" : typeName[..bang];
        string type = bang < 0 ? typeName : typeName[(bang + 1)..];
        return cache is null ? Lookup(typeName, type, family) : cache(module, type, family, () => Lookup(typeName, type, family));
    }

    private TypeLayout? Lookup(string qualified, string type, TargetArchitecture family)
    {
        var flavour = FlavourCatalog.All.FirstOrDefault(f => f.ControlBlockType == type);
        var template = flavour?.BuiltInLayout(family) ?? flavour?.BuiltInLayouts.FirstOrDefault();
        if (template is null) return null;
        if (!types.TryGetTypeId(qualified, out uint typeId, out ulong moduleBase)) return null;
        if (!types.TryGetTypeSize(moduleBase, typeId, out uint size)) return null;

        int ptr = family.PointerSize();
        var fields = new List<FieldLayout>();
        foreach (var field in template.Fields)
        {
            uint offset;
            if (field.Type.Kind == FieldKind.VfTable) offset = 0; // the vfptr has no field name in a PDB
            else if (!types.TryGetFieldOffset(moduleBase, typeId, field.Name, out offset)) return null;
            var kind = field.Type.Kind is FieldKind.VfTable or FieldKind.Pointer ? field.Type with { Size = ptr } : field.Type;
            fields.Add(field with { Offset = offset, Type = kind });
        }
        string? moduleName = types.ModuleNameOf(moduleBase);
        return new TypeLayout(type, family.LayoutFamily(), size, fields.OrderBy(f => f.Offset).ToList(),
            moduleName is null ? "symbols" : $"{moduleName} symbols", moduleName);
    }
}
