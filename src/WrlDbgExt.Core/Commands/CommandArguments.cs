namespace WrlDbgExt.Core.Commands;

/// <summary>
/// A bang command's argument string split into leading options (<c>-json</c>, <c>/?</c>) and the rest,
/// which is one expression (it may contain spaces: <c>poi(@rcx) + 8</c>).
/// </summary>
public sealed class CommandArguments
{
    private CommandArguments(IReadOnlyList<string> options, string rest)
    {
        Options = options;
        Rest = rest;
    }

    public IReadOnlyList<string> Options { get; }

    /// <summary>Everything after the options, trimmed.</summary>
    public string Rest { get; }

    public bool HelpRequested => Options.Any(o => o is "-?" or "/?" or "-h" or "--help");

    public bool Has(string option) => Options.Contains(option, StringComparer.OrdinalIgnoreCase);

    public static CommandArguments Parse(string? args)
    {
        var text = (args ?? "").Trim();
        var options = new List<string>();
        while (text.Length > 0 && (text[0] == '-' || text.StartsWith("/?", StringComparison.Ordinal)))
        {
            int end = text.IndexOfAny([' ', '\t']);
            string option = end < 0 ? text : text[..end];
            // "-5" or "-0x10" is an expression, not an option.
            if (option.Length > 1 && char.IsDigit(option[1])) break;
            options.Add(option);
            text = end < 0 ? "" : text[end..].TrimStart();
        }
        return new CommandArguments(options, text);
    }
}
