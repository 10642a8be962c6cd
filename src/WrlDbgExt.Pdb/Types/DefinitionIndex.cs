using WrlDbgExt.Pdb.Streams;

namespace WrlDbgExt.Pdb.Types;

/// <summary>
/// Finds class, union and enum definitions by name: first in the TPI hash buckets of the unique name and the
/// name (definitions are hashed by name, or by unique name when scoped: docs/pdb-format.md §13), then in a
/// name map built by one pass over the records when the hash has no answer.
/// </summary>
internal sealed class DefinitionIndex
{
    private readonly TpiStream tpi;
    private readonly Func<uint, PdbType> get;
    private readonly Lazy<(int[] Start, int[] Order)?> buckets;
    private readonly Lazy<TypeNameMap> names;

    public DefinitionIndex(TpiStream tpi, Func<uint, PdbType> get)
    {
        this.tpi = tpi;
        this.get = get;
        buckets = new(BuildBuckets);
        names = new(BuildTypeNameMap);
    }

    /// <summary>The definition named <paramref name="uniqueName"/> (when given) or <paramref name="name"/>, or null.</summary>
    public PdbType? Find(string name, string? uniqueName, bool isEnum)
    {
        if (buckets.Value is var (start, order))
        {
            foreach (string key in uniqueName is null ? [name] : new[] { uniqueName, name })
            {
                uint bucket = PdbHash.HashStringV1(key) % tpi.HashBucketCount;
                for (int i = start[bucket]; i < start[bucket + 1]; i++)
                {
                    var candidate = get(tpi.TypeIndexBegin + (uint)order[i]);
                    if (Matches(candidate, name, uniqueName, isEnum)) return candidate;
                }
            }
        }
        var map = names.Value;
        var byName = isEnum ? map.EnumByName : map.UdtByName;
        var byUnique = isEnum ? map.EnumByUnique : map.UdtByUnique;
        if (uniqueName is not null && byUnique.TryGetValue(uniqueName, out uint u)) return get(u);
        if (uniqueName is null && byName.TryGetValue(name, out uint n)) return get(n);
        return null;
    }

    private static bool Matches(PdbType type, string name, string? uniqueName, bool isEnum) => type switch
    {
        UdtType u when !isEnum && !u.IsForwardReference => SameName(u.Name, u.UniqueName, name, uniqueName),
        EnumType e when isEnum && !e.IsForwardReference => SameName(e.Name, e.UniqueName, name, uniqueName),
        _ => false,
    };

    // With a unique name to look for, only it decides (unless the candidate has none); otherwise the plain name.
    private static bool SameName(string candidate, string? candidateUnique, string name, string? uniqueName) =>
        uniqueName is null ? candidate == name : candidateUnique == uniqueName || (candidateUnique is null && candidate == name);

    private (int[] Start, int[] Order)? BuildBuckets()
    {
        var values = tpi.HashValues;
        if (values is null) return null;
        var start = new int[tpi.HashBucketCount + 1];
        foreach (uint v in values) start[v + 1]++;
        for (int i = 1; i < start.Length; i++) start[i] += start[i - 1];
        var fill = (int[])start.Clone();
        var order = new int[values.Length];
        for (int i = 0; i < values.Length; i++) order[fill[values[i]]++] = i;
        return (start, order);
    }

    /// <summary>The first record named <paramref name="name"/> or with that unique name, forward references included.</summary>
    public uint? FindAny(string name)
    {
        var map = names.Value;
        return map.AnyByName.TryGetValue(name, out uint any) || map.AnyByUnique.TryGetValue(name, out any) ? any : null;
    }

    private TypeNameMap BuildTypeNameMap()
    {
        var map = new TypeNameMap();
        for (uint index = tpi.TypeIndexBegin; index < tpi.TypeIndexEnd; index++)
        {
            // Decoded without caching: one pass over a big TPI must not keep every record alive.
            var (leaf, payload) = tpi.ReadRecord(index);
            if ((TypeLeaf)leaf is not (TypeLeaf.Class or TypeLeaf.Structure or TypeLeaf.Union or TypeLeaf.Interface or TypeLeaf.Enum))
                continue;
            var type = TypeRecordDecoder.Decode(index, leaf, payload);
            (string? name, string? unique, bool forward, bool isEnum) = type switch
            {
                UdtType u => (u.Name, u.UniqueName, u.IsForwardReference, false),
                EnumType e => (e.Name, e.UniqueName, e.IsForwardReference, true),
                _ => (null, null, false, false),
            };
            if (name is null) continue;
            map.AnyByName.TryAdd(name, type.Index);
            if (unique is not null) map.AnyByUnique.TryAdd(unique, type.Index);
            if (forward) continue;
            (isEnum ? map.EnumByName : map.UdtByName).TryAdd(name, type.Index);
            if (unique is not null) (isEnum ? map.EnumByUnique : map.UdtByUnique).TryAdd(unique, type.Index);
        }
        return map;
    }
}
