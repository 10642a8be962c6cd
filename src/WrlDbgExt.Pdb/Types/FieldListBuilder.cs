namespace WrlDbgExt.Pdb.Types;

/// <summary>Collects the sub-records of one field list and its LF_INDEX continuations.</summary>
internal sealed class FieldListBuilder
{
    public List<BaseClass> BaseClasses { get; } = [];
    public List<DataMember> Members { get; } = [];
    public List<StaticMember> StaticMembers { get; } = [];
    public List<NestedType> NestedTypes { get; } = [];
    public List<VtablePointer> VtablePointers { get; } = [];
    public List<Method> Methods { get; } = [];
    public List<Enumerator> Enumerators { get; } = [];
    public List<object> InRecordOrder { get; } = [];

    public FieldList Build() => new(BaseClasses, Members, StaticMembers, NestedTypes, VtablePointers, Methods, Enumerators, InRecordOrder);

    public void Add<T>(List<T> list, T item) where T : notnull
    {
        list.Add(item);
        InRecordOrder.Add(item);
    }
}
