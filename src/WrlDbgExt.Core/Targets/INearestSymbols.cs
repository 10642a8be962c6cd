namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability: what the engine's <c>ln</c> needs (docs/pdb-format.md §17): the symbol at or before an
/// address, the next one after it and, at an exact address, what is declared there. Null when no module with
/// symbols holds the address (the engine then prints nothing).
/// </summary>
public interface INearestSymbols
{
    NearSymbols? Near(ulong address);
}

/// <summary>A symbol's name (<c>module!name</c>) and start.</summary>
public sealed record NamedAddress(string Name, ulong Address);

/// <param name="Before">The symbol at or before the address (or, with no symbol before it in its section, the engine's stand-in).</param>
/// <param name="Displacement">Bytes past <paramref name="Before"/>; null where the engine prints -1 (no symbol before it).</param>
/// <param name="After">The next symbol, or null after the last one.</param>
/// <param name="Exact">At an exact address: the symbols declared there (none for publics); null otherwise.</param>
public sealed record NearSymbols(NamedAddress Before, ulong? Displacement, NamedAddress? After, IReadOnlyList<DeclaredSymbol>? Exact);

/// <param name="Name"><c>module!name</c>.</param>
/// <param name="Address">Where it starts (data is read there).</param>
/// <param name="Parameters">A function's parameter types; null for data.</param>
/// <param name="Type">A data symbol's type, which decides how its value shows; null where the PDB has no types.</param>
/// <param name="TypeName">The type's C name (<c>struct GUID</c>, <c>char [8]</c>), shown for values not read from memory.</param>
public sealed record DeclaredSymbol(string Name, ulong Address, IReadOnlyList<string>? Parameters, Types.DebugType? Type, string? TypeName);
