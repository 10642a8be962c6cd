using WrlDbgExt.Core.Flavours.CppWinrt;
using WrlDbgExt.Core.Flavours.Cx;
using WrlDbgExt.Core.Flavours.WindowsRs;
using WrlDbgExt.Core.Flavours.WinUI;
using WrlDbgExt.Core.Flavours.Wrl;

namespace WrlDbgExt.Core.Flavours;

/// <summary>Every flavour the core decodes.</summary>
public static class FlavourCatalog
{
    /// <summary>
    /// In the order structural detection prefers them when the memory fits several equally (C++/WinRT and
    /// windows-rs blocks have the same shape; the C++/WinRT one is far more common).
    /// </summary>
    public static IReadOnlyList<FlavourDescriptor> All { get; } =
        [WrlFlavour.Instance, CppWinrtFlavour.Instance, CxFlavour.Instance, WinUIFlavour.Instance, WindowsRsFlavour.Instance];

    public static FlavourDescriptor? ById(string id) =>
        All.FirstOrDefault(f => string.Equals(f.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The flavour whose block vftable the symbol names, if any.</summary>
    public static FlavourDescriptor? ByVfTableSymbol(string symbol) => All.FirstOrDefault(f => f.IsOwnVfTable(symbol));

    public static IEnumerable<string> Ids => All.Select(f => f.Id);
}
