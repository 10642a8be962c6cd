using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>What the layout source asks of the engine's symbols (a seam, so it is tested without an engine).</summary>
internal interface IEngineTypeInfo
{
    /// <summary>The type id and module base of <c>[module!]Type</c>; false when the symbols lack it.</summary>
    bool TryGetTypeId(string qualifiedType, out uint typeId, out ulong moduleBase);

    bool TryGetTypeSize(ulong moduleBase, uint typeId, out uint size);

    /// <summary>A field's offset, base classes' fields included.</summary>
    bool TryGetFieldOffset(ulong moduleBase, uint typeId, string field, out uint offset);

    string? ModuleNameOf(ulong moduleBase);
}

/// <summary>
/// Layouts from the engine's symbols: for a flavour's block type (<c>[module!]Type</c>), the field offsets and
/// size the loaded PDB gives for the flavour's role fields. The field kinds come from the flavour's built-in
/// layout of this architecture or, when the table lacks one, of any other (resized to this pointer width),
/// so a PDB supplies the layouts the built-in table lacks. When the PDB lacks the type or a field, this
/// source declines. Answers are cached by module and type until the session changes.
/// </summary>
internal sealed class EngineLayoutSource(IEngineTypeInfo types) : ILayoutSource
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

    /// <param name="silentOnly">
    /// Only lookups that cannot fail loudly: <c>module!Type</c> in a module whose symbols are loaded with types. A failed
    /// lookup makes the engine print its 25-line "unqualified symbol" banner to the console's client; a command mutes
    /// it, a <c>dx</c> evaluation cannot (docs/debugger-engine.md, appendix), so the models ask only these and fall
    /// back to the built-in layouts otherwise.
    /// </param>
    internal sealed class EngineTypeInfo(DebugSymbols symbols, DebugClient client, bool silentOnly = false) : IEngineTypeInfo
    {
        public bool TryGetTypeId(string qualifiedType, out uint typeId, out ulong moduleBase)
        {
            typeId = 0;
            moduleBase = 0;
            int bang = qualifiedType.IndexOf('!');
            if (silentOnly && (bang <= 0 || !symbols.HasTypes(qualifiedType[..bang]))) return false;
            using (client.Mute()) return symbols.TryGetTypeId(qualifiedType, out typeId, out moduleBase);
        }

        public bool TryGetTypeSize(ulong moduleBase, uint typeId, out uint size) => symbols.TryGetTypeSize(moduleBase, typeId, out size);

        public bool TryGetFieldOffset(ulong moduleBase, uint typeId, string field, out uint offset) =>
            symbols.TryGetFieldOffset(moduleBase, typeId, field, out offset);

        public string? ModuleNameOf(ulong moduleBase) => symbols.ModuleNameOf(moduleBase);
    }
}
