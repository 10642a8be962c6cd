namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_BCLASS (direct base at <paramref name="Offset"/>) or LF_VBCLASS / LF_IVBCLASS (virtual base).</summary>
/// <param name="Offset">Offset of a direct base; 0 for a virtual base, whose place is found through the vbtable.</param>
/// <param name="IsIndirect">An indirect virtual base (inherited through another base).</param>
/// <param name="VbptrOffset">For virtual bases: offset of the vbptr in the derived class.</param>
/// <param name="VbtableIndex">For virtual bases: this base's slot in the vbtable.</param>
public sealed record BaseClass(uint Type, long Offset, FieldAccess Access, bool IsVirtual, bool IsIndirect,
    uint VbptrType, long VbptrOffset, long VbtableIndex);
