using System.Collections.Concurrent;
using WrlDbgExt.Pdb.Streams;

namespace WrlDbgExt.Pdb.Types;

/// <summary>
/// The types of a TPI stream: records decoded on first use and cached, field lists with their LF_INDEX
/// continuations, forward references resolved to definitions through the TPI hash (with a one-pass name map
/// as the fallback), sizes and display names. Reference chains longer than <see cref="MaxDepth"/> are refused,
/// so cyclic records terminate.
/// </summary>
public sealed class TypeTable
{
    public const int MaxDepth = 64;

    private readonly TpiStream tpi;
    private readonly PdbType?[] cache;
    private readonly ConcurrentDictionary<uint, FieldList> fieldLists = new();
    private readonly ConcurrentDictionary<uint, uint> resolved = new();
    private readonly DefinitionIndex definitions;

    public TypeTable(TpiStream tpi)
    {
        this.tpi = tpi;
        cache = new PdbType?[tpi.Count];
        definitions = new DefinitionIndex(tpi, Get);
    }

    public uint FirstIndex => tpi.TypeIndexBegin;

    /// <summary>One past the last type index.</summary>
    public uint EndIndex => tpi.TypeIndexEnd;

    public int Count => tpi.Count;

    public TpiStream Stream => tpi;

    /// <summary>The type at <paramref name="index"/>: simple types below 0x1000, TPI records above.</summary>
    public PdbType Get(uint index)
    {
        if (index < TpiStream.FirstNonSimpleIndex) return SimpleTypes.Describe(index);
        if (!tpi.Contains(index))
            throw new PdbFormatException($"type index 0x{index:X} is outside the TPI stream (0x{FirstIndex:X}..0x{EndIndex:X})");
        int slot = (int)(index - FirstIndex);
        if (cache[slot] is { } known) return known;
        var (leaf, payload) = tpi.ReadRecord(index);
        return cache[slot] = TypeRecordDecoder.Decode(index, leaf, payload);
    }

    /// <summary>Every TPI record in index order (not the simple types).</summary>
    public IEnumerable<PdbType> All()
    {
        for (uint i = FirstIndex; i < EndIndex; i++) yield return Get(i);
    }

    /// <summary>Every class, struct, union, interface and enum definition (forward references left out), in index order.</summary>
    public IEnumerable<PdbType> Definitions() => All().Where(t => t is UdtType { IsForwardReference: false } or EnumType { IsForwardReference: false });

    /// <summary>The definition for a forward-referenced class, union or enum; any other index unchanged.</summary>
    public uint ResolveIndex(uint index)
    {
        if (index < TpiStream.FirstNonSimpleIndex) return index;
        if (resolved.TryGetValue(index, out uint known)) return known;
        uint result = Get(index) switch
        {
            UdtType { IsForwardReference: true } u when IsAnonymous(u.Name) => index,
            UdtType { IsForwardReference: true } u => definitions.Find(u.Name, u.UniqueName, isEnum: false)?.Index ?? index,
            EnumType { IsForwardReference: true } e => definitions.Find(e.Name, e.UniqueName, isEnum: true)?.Index ?? index,
            _ => index,
        };
        resolved[index] = result;
        return result;
    }

    public PdbType Resolve(uint index) => Get(ResolveIndex(index));

    /// <summary>
    /// An unnamed class (<c>&lt;unnamed-tag&gt;</c>, <c>__unnamed</c>): its forward references name no definition, as
    /// the engine and llvm-pdbutil treat them (the name is shared by every unnamed type of a scope).
    /// </summary>
    public static bool IsAnonymous(string name) =>
        name is "<unnamed-tag>" or "__unnamed" || name.EndsWith("::<unnamed-tag>", StringComparison.Ordinal) || name.EndsWith("::__unnamed", StringComparison.Ordinal);

    /// <summary>
    /// The class, struct, union or enum named <paramref name="name"/> (the qualified name, e.g. "ns::Foo", or the
    /// unique name ".?AVFoo@ns@@"), preferring a definition; a forward reference only when nothing defines it.
    /// </summary>
    public PdbType? FindByName(string name)
    {
        foreach (bool isEnum in new[] { false, true })
            if (definitions.Find(name, name.StartsWith(".?", StringComparison.Ordinal) ? name : null, isEnum) is { } found)
                return found;
        return definitions.FindAny(name) is { } any ? Get(any) : null;
    }

    /// <summary>The field list of a class or enum (forward references resolved); empty for other types.</summary>
    public FieldList FieldsOf(uint typeIndex) => Resolve(typeIndex) switch
    {
        UdtType u when u.FieldList != 0 => GetFieldList(u.FieldList),
        EnumType e when e.FieldList != 0 => GetFieldList(e.FieldList),
        _ => FieldList.Empty,
    };

    /// <summary>Decodes an LF_FIELDLIST and its LF_INDEX continuations (each list at most once).</summary>
    public FieldList GetFieldList(uint index)
    {
        if (fieldLists.TryGetValue(index, out var known)) return known;
        var builder = new FieldListBuilder();
        var visited = new HashSet<uint>();
        for (uint next = index; next != 0;)
        {
            if (!visited.Add(next))
                throw new PdbFormatException($"field list 0x{index:X}: LF_INDEX continuations loop back to 0x{next:X}");
            if (next < TpiStream.FirstNonSimpleIndex || !tpi.Contains(next))
                throw new PdbFormatException($"field list 0x{index:X}: continuation 0x{next:X} is outside the TPI stream");
            var (leaf, payload) = tpi.ReadRecord(next);
            if (leaf != (ushort)TypeLeaf.FieldList)
                throw new PdbFormatException($"type 0x{next:X} is leaf 0x{leaf:X4}, not the LF_FIELDLIST expected");
            next = FieldListDecoder.Decode(next, payload, builder, BitfieldAt);
        }
        return fieldLists[index] = builder.Build();
    }

    /// <summary>
    /// Whether a class declares a virtual method of its own (introducing, overriding or pure; CV_MPROP 1, 4, 5, 6),
    /// in a single method record or in an overload set's LF_METHODLIST.
    /// </summary>
    public bool DeclaresVirtualMethod(uint typeIndex) =>
        FieldsOf(typeIndex).Methods.Any(method => OverloadsOf(method).Any(o => o.MethodProperty is 1 or 4 or 5 or 6));

    /// <summary>
    /// The overloads of a method record: itself for LF_ONEMETHOD, else its LF_METHODLIST's entries in list order
    /// (u16 attributes, u16 padding, u32 type, and a u32 vftable offset for introducing ones).
    /// </summary>
    public IReadOnlyList<MethodOverload> OverloadsOf(Method method)
    {
        if (method.MethodList == 0) return [new MethodOverload(method.Type, method.MethodProperty)];
        if (method.MethodList < TpiStream.FirstNonSimpleIndex || !tpi.Contains(method.MethodList)) return [];
        var (leaf, payload) = tpi.ReadRecord(method.MethodList);
        if (leaf != (ushort)TypeLeaf.MethodList) return [];
        var overloads = new List<MethodOverload>();
        for (int at = 0; at + 8 <= payload.Length;)
        {
            byte property = (byte)((BitConverter.ToUInt16(payload, at) >> 2) & 7);
            overloads.Add(new MethodOverload(BitConverter.ToUInt32(payload, at + 4), property));
            at += property is 4 or 6 ? 12 : 8;
        }
        return overloads;
    }

    /// <summary>
    /// The slot count of the LF_VTSHAPE a vfptr points to (the LF_VFUNCTAB's type is a pointer to it); null when the
    /// type is not such a pointer.
    /// </summary>
    public int? VtableShapeCount(uint vfptrType)
    {
        uint shape = Get(vfptrType) is PointerType p ? p.Referent : vfptrType;
        if (shape < TpiStream.FirstNonSimpleIndex || !tpi.Contains(shape)) return null;
        var (leaf, payload) = tpi.ReadRecord(shape);
        return leaf == (ushort)TypeLeaf.VtShape && payload.Length >= 2 ? BitConverter.ToUInt16(payload, 0) : null;
    }

    /// <summary>Bytes of a value of the type; forward references are resolved, bitfields give their underlying type's size.</summary>
    public ulong SizeOf(uint index) => SizeOf(index, 0);

    /// <summary>A C-like name: "int", "ns::Foo*", "const char*", "unsigned char[8]".</summary>
    public string NameOf(uint index) => NameOf(index, 0);

    private ulong SizeOf(uint index, int depth)
    {
        CheckDepth(index, depth);
        return Resolve(index) switch
        {
            SimpleType s => s.Size,
            PointerType p => p.Size != 0 ? p.Size : p.PointerKind == 0x0C ? 8u : 4u,
            ModifierType m => SizeOf(m.Modified, depth + 1),
            ArrayType a => a.Size,
            BitfieldType b => SizeOf(b.Underlying, depth + 1),
            UdtType u => u.Size,
            EnumType e => SizeOf(e.UnderlyingType, depth + 1),
            _ => 0,
        };
    }

    private string NameOf(uint index, int depth)
    {
        CheckDepth(index, depth);
        return Resolve(index) switch
        {
            SimpleType s => s.Name,
            PointerType p => NameOf(p.Referent, depth + 1) + p.Mode switch
            {
                PointerMode.LValueReference => "&",
                PointerMode.RValueReference => "&&",
                _ => "*",
            } + (p.IsConst ? " const" : ""),
            ModifierType m => (m.IsConst ? "const " : "") + (m.IsVolatile ? "volatile " : "") + NameOf(m.Modified, depth + 1),
            ArrayType a => NameOf(a.ElementType, depth + 1) + $"[{ElementCount(a, depth)}]",
            BitfieldType b => NameOf(b.Underlying, depth + 1),
            UdtType u => u.Name,
            EnumType e => e.Name,
            ProcedureType => "<function>",
            var other => $"<type 0x{other.Index:X}>",
        };
    }

    private ulong ElementCount(ArrayType array, int depth)
    {
        ulong element = SizeOf(array.ElementType, depth + 1);
        return element == 0 ? 0 : array.Size / element;
    }

    private static void CheckDepth(uint index, int depth)
    {
        if (depth > MaxDepth)
            throw new PdbFormatException($"type 0x{index:X}: type references nest deeper than {MaxDepth} (a cycle?)");
    }

    private BitfieldType? BitfieldAt(uint index) =>
        index >= TpiStream.FirstNonSimpleIndex && tpi.Contains(index) && Get(index) is BitfieldType b ? b : null;
}
