namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_ARGLIST: <c>u32 count</c>, then one <c>u32</c> type index per argument (docs/pdb-format.md §6.2).</summary>
public sealed record ArgumentListType(uint Index, IReadOnlyList<uint> Arguments) : PdbType(Index);
