namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_POINTER. <paramref name="Size"/> comes from attribute bits 13–18 (8 on x64, 4 on x86).</summary>
/// <param name="ContainingClass">For pointers to members: the class; 0 otherwise.</param>
public sealed record PointerType(uint Index, uint Referent, PointerMode Mode, byte PointerKind, uint Size,
    bool IsConst, bool IsVolatile, bool IsUnaligned, bool IsRestrict, uint ContainingClass) : PdbType(Index);
