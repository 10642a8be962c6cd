namespace WrlDbgExt.Pdb.Types;

/// <summary>The decoded field list of a class or enum, with LF_INDEX continuations already followed, in record order.</summary>
/// <param name="InRecordOrder">Every sub-record above, in the order the list holds them (what <c>dt</c> prints in): a
/// <see cref="BaseClass"/>, <see cref="DataMember"/>, <see cref="StaticMember"/>, <see cref="NestedType"/>,
/// <see cref="VtablePointer"/>, <see cref="Method"/> or <see cref="Enumerator"/>.</param>
public sealed record FieldList(
    IReadOnlyList<BaseClass> BaseClasses,
    IReadOnlyList<DataMember> Members,
    IReadOnlyList<StaticMember> StaticMembers,
    IReadOnlyList<NestedType> NestedTypes,
    IReadOnlyList<VtablePointer> VtablePointers,
    IReadOnlyList<Method> Methods,
    IReadOnlyList<Enumerator> Enumerators,
    IReadOnlyList<object> InRecordOrder)
{
    public static FieldList Empty { get; } = new([], [], [], [], [], [], [], []);
}
