namespace WrlDbgExt.Pdb.Types;

/// <summary>The decoded field list of a class or enum, with LF_INDEX continuations already followed, in record order.</summary>
public sealed record FieldList(
    IReadOnlyList<BaseClass> BaseClasses,
    IReadOnlyList<DataMember> Members,
    IReadOnlyList<StaticMember> StaticMembers,
    IReadOnlyList<NestedType> NestedTypes,
    IReadOnlyList<VtablePointer> VtablePointers,
    IReadOnlyList<Method> Methods,
    IReadOnlyList<Enumerator> Enumerators)
{
    public static FieldList Empty { get; } = new([], [], [], [], [], [], []);
}
