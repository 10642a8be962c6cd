namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_VFUNCTAB (the class's own vfptr, at offset 0: WinDbg's __VFN_table) or LF_VFUNCOFF (at an offset).</summary>
public sealed record VtablePointer(uint Type, long Offset);
