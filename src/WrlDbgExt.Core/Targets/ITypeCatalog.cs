using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Targets;

/// <summary>A type found by name: the module whose symbols define it, its name as they spell it, and the type.</summary>
public sealed record NamedType(string Module, string Name, DebugType Type);

/// <summary>A global variable found by name: its module, name as the symbols spell it, type and address.</summary>
public sealed record NamedGlobal(string Module, string Name, DebugType Type, ulong Address);

/// <summary>A name <c>dt</c>'s wildcards matched: a type (no address) or a procedure or data symbol at <paramref name="Address"/>.</summary>
public sealed record SymbolMatch(string Module, string Name, ulong? Address);

/// <summary>
/// Opt-in capability: the types of the target's modules by name (the CLI: each module's PDB). What <c>dt</c> of an
/// arbitrary type needs; hosts without one offer only the built-in layouts.
/// </summary>
public interface ITypeCatalog
{
    /// <summary>
    /// The types named <paramref name="name"/> (compared without regard to case, as the engine does), in
    /// <paramref name="module"/> or, when null, in every module in load order; the first is the one <c>dt</c> shows.
    /// </summary>
    IReadOnlyList<NamedType> FindTypes(string? module, string name);

    /// <summary>
    /// What <c>dt module!pattern</c> lists (docs/pdb-format.md §18), <paramref name="pattern"/> with <c>*</c> for any run
    /// of characters, compared without regard to case: each module's type names from its symbols, then its type
    /// records, then its data, then its procedures. A pattern without <c>*</c> (from
    /// <c>dt *!Name</c>) lists the type records of that name only.
    /// </summary>
    IReadOnlyList<SymbolMatch> Matching(string? module, string pattern);

    /// <summary>The global variable named <paramref name="name"/> (without regard to case), for <c>dt module!global</c>; null if none.</summary>
    NamedGlobal? FindGlobal(string? module, string name);
}
