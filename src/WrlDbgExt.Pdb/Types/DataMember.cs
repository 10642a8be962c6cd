namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_MEMBER. For a bitfield, <paramref name="Type"/> is the LF_BITFIELD record and its position and width are copied here.</summary>
public sealed record DataMember(string Name, uint Type, long Offset, FieldAccess Access, byte? BitPosition, byte? BitWidth)
{
    public bool IsBitfield => BitWidth is not null;
}
