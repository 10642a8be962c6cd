namespace WrlDbgExt.Pdb.Types;

/// <summary>CV_prop_t bits of class, union and enum records (docs/pdb-format.md §6.2).</summary>
[Flags]
public enum TypeProperties : ushort
{
    None = 0,
    Packed = 0x0001,
    HasConstructorOrDestructor = 0x0002,
    HasOverloadedOperators = 0x0004,
    IsNested = 0x0008,
    ContainsNested = 0x0010,
    HasOverloadedAssignment = 0x0020,
    HasCastOperator = 0x0040,
    ForwardReference = 0x0080,
    Scoped = 0x0100,
    HasUniqueName = 0x0200,
    Sealed = 0x0400,
    Intrinsic = 0x2000,
}
