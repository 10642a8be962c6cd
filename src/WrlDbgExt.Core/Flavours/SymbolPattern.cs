namespace WrlDbgExt.Core.Flavours;

/// <summary>
/// Matches a symbol the host printed (<c>module!Type::`vftable'</c>, maybe <c>{for `I'}</c>) against a flavour's
/// pattern, in which <c>*</c> stands for any text: template arguments (<c>weak_ref&lt;1,1&gt;</c>) differ by build.
/// </summary>
public static class SymbolPattern
{
    public static bool Matches(string pattern, string symbol) => Glob(pattern, Bare(symbol));

    /// <summary>The symbol without its module and without the <c>{for `I'}</c> that names a secondary vftable.</summary>
    public static string Bare(string symbol)
    {
        int bang = symbol.IndexOf('!');
        string name = bang < 0 ? symbol : symbol[(bang + 1)..];
        int forBase = name.IndexOf("{for ", StringComparison.Ordinal);
        return forBase < 0 ? name : name[..forBase];
    }

    /// <summary>
    /// The class whose vftable a symbol names (<c>Widget</c> for <c>m!Widget::`vftable'</c>); for C++/WinRT's
    /// per-interface <c>winrt::impl::produce&lt;D,I&gt;</c> tables, the implementation class D. Null when the
    /// symbol is no vftable.
    /// </summary>
    public static string? VfTableClass(string symbol)
    {
        string name = Bare(symbol);
        int at = name.LastIndexOf("::`vftable'", StringComparison.Ordinal);
        if (at <= 0) return null;
        string type = name[..at];
        const string Produce = "winrt::impl::produce<";
        if (type.StartsWith(Produce, StringComparison.Ordinal) && FirstTemplateArgument(type[Produce.Length..]) is { } d) return d;
        return type;
    }

    private static string? FirstTemplateArgument(string text)
    {
        int depth = 0;
        for (int i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '<': depth++; break;
                case '>' when depth == 0: return text[..i];
                case '>': depth--; break;
                case ',' when depth == 0: return text[..i];
            }
        }
        return null;
    }

    private static bool Glob(string pattern, string text)
    {
        int star = pattern.IndexOf('*');
        if (star < 0) return string.Equals(pattern, text, StringComparison.Ordinal);
        string head = pattern[..star];
        if (!text.StartsWith(head, StringComparison.Ordinal)) return false;
        string rest = pattern[(star + 1)..];
        for (int i = head.Length; i <= text.Length; i++)
            if (Glob(rest, text[i..])) return true;
        return false;
    }
}
