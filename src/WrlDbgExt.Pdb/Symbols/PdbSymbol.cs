namespace WrlDbgExt.Pdb.Symbols;

/// <summary>A named address from the publics, the globals or a module's symbols.</summary>
/// <param name="Rva">From the section headers; null when the segment is not in the image (e.g. absolute symbols).</param>
/// <param name="Length">Code bytes of a procedure; 0 for data and publics.</param>
/// <param name="TypeIndex">TPI type of data and procedures (0 for publics).</param>
/// <param name="ModuleIndex">0-based DBI module, or -1 for publics and globals not tied to one.</param>
/// <param name="PublicFlags">S_PUB32 flags: 1 code, 2 function, 4 managed, 8 MSIL.</param>
/// <param name="Parameters">A procedure's S_LOCAL parameters directly in its scope, in order (null for other kinds).</param>
/// <param name="InProcedure">Data declared inside a procedure's scope (a function's static local).</param>
public sealed record PdbSymbol(string Name, SymbolKind Kind, ushort Segment, uint Offset, uint? Rva, uint Length,
    uint TypeIndex, int ModuleIndex, uint PublicFlags = 0, IReadOnlyList<ProcedureParameter>? Parameters = null,
    bool InProcedure = false)
{
    public bool IsProcedure => Kind is SymbolKind.GlobalProcedure or SymbolKind.LocalProcedure
        or SymbolKind.GlobalProcedureId or SymbolKind.LocalProcedureId;

    public bool IsPublic => Kind == SymbolKind.Public;
}
