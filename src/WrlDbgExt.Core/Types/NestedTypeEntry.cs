namespace WrlDbgExt.Core.Types;

/// <summary>
/// A type declared in the class under <paramref name="Name"/>: a type alias, or (<paramref name="DefinedInside"/>)
/// a class defined in the class's own scope.
/// </summary>
public sealed record NestedTypeEntry(string Name, DebugType Type, bool DefinedInside) : UdtEntry;
