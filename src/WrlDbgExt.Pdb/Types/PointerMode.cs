namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_POINTER mode (attribute bits 5–7).</summary>
public enum PointerMode : byte
{
    Pointer = 0,
    LValueReference = 1,
    PointerToDataMember = 2,
    PointerToMemberFunction = 3,
    RValueReference = 4,
}
