using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Engine.DbgEng;

namespace WrlDbgExt.Engine;

/// <summary>Layouts from the engine's symbols (Core's <see cref="SymbolLayoutSource"/>), cached until the session changes.</summary>
internal sealed class EngineLayoutSource(ITypeInfo types) : SymbolLayoutSource(types, "engine symbols", EngineSessionCache.GetOrAdd)
{
    /// <summary>The engine's symbols as <see cref="ITypeInfo"/>; failed lookups are muted (the engine prints a banner).</summary>
    /// <param name="symbols">The session's IDebugSymbols.</param>
    /// <param name="client">The session's client, muted around lookups.</param>
    /// <param name="silentOnly">
    /// Only lookups that cannot fail loudly: <c>module!Type</c> in a module whose symbols are loaded with types. A failed
    /// lookup makes the engine print its 25-line "unqualified symbol" banner to the console's client; a command mutes
    /// it, a <c>dx</c> evaluation cannot (docs/debugger-engine.md §16), so the models ask only these and fall back to
    /// the built-in layouts otherwise.
    /// </param>
    internal sealed class EngineTypeInfo(DebugSymbols symbols, DebugClient client, bool silentOnly = false) : ITypeInfo
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
