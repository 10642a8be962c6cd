namespace WrlDbgExt.Pdb.Types;

/// <summary>Names and unique names → type index, built in one pass when the TPI hash cannot answer.</summary>
internal sealed class TypeNameMap
{
    public Dictionary<string, uint> UdtByName { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, uint> UdtByUnique { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, uint> EnumByName { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, uint> EnumByUnique { get; } = new(StringComparer.Ordinal);

    /// <summary>First record of each name, forward references included (for names nothing defines).</summary>
    public Dictionary<string, uint> AnyByName { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, uint> AnyByUnique { get; } = new(StringComparer.Ordinal);
}
