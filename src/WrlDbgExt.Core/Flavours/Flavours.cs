using WrlDbgExt.Core.Flavours.Wrl;

namespace WrlDbgExt.Core.Flavours;

/// <summary>Every flavour the core decodes, in the order structural detection tries them.</summary>
public static class FlavourCatalog
{
    public static IReadOnlyList<FlavourDescriptor> All { get; } = [WrlFlavour.Instance];

    public static FlavourDescriptor? ById(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The flavour whose block vftable the symbol names, if any.</summary>
    public static FlavourDescriptor? ByVfTableSymbol(string symbol) => All.FirstOrDefault(f => f.IsOwnVfTable(symbol));

    public static IEnumerable<string> Ids => All.Select(f => f.Id);
}
