namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_CLASS, LF_STRUCTURE, LF_INTERFACE or LF_UNION. A forward reference has size 0 and no field list.</summary>
/// <param name="DerivedFrom">Unused by current compilers (bases are in the field list); 0 for unions.</param>
public sealed record UdtType(uint Index, UdtKind Kind, string Name, string? UniqueName, ulong Size, TypeProperties Properties,
    ushort MemberCount, uint FieldList, uint DerivedFrom, uint VtableShape) : PdbType(Index)
{
    public bool IsForwardReference => (Properties & TypeProperties.ForwardReference) != 0;
}
