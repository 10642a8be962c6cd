using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// Anything that can answer "what is the layout of type T on this architecture": the built-in table,
/// a PDB, the debugger engine's symbols. Decoders only ever see <see cref="TypeLayout"/>s.
/// </summary>
public interface ILayoutSource
{
    string Name { get; }

    /// <summary>Null when this source does not know the type. <paramref name="typeName"/> may be <c>module!Type</c>: that module's copy.</summary>
    TypeLayout? FindLayout(string typeName, TargetArchitecture family);

    /// <summary>The type names this source can lay out (for listings and help).</summary>
    IEnumerable<string> KnownTypes { get; }
}
