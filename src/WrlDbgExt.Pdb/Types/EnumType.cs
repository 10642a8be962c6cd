namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_ENUM; the enumerators are in the field list.</summary>
public sealed record EnumType(uint Index, string Name, string? UniqueName, uint UnderlyingType, TypeProperties Properties,
    ushort MemberCount, uint FieldList) : PdbType(Index)
{
    public bool IsForwardReference => (Properties & TypeProperties.ForwardReference) != 0;
}
