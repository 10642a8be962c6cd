namespace WrlDbgExt.Core.Commands;

/// <summary>A command's parsed options and arguments, by declared name, whatever host parsed them.</summary>
public sealed class CommandInput(IReadOnlyDictionary<string, string?> options, IReadOnlyDictionary<string, string> arguments)
{
    /// <summary>True when the option was given (a flag, or an option with a value).</summary>
    public bool Has(string option) => options.ContainsKey(option);

    /// <summary>The option's value; null when absent or a flag.</summary>
    public string? Value(string option) => options.TryGetValue(option, out var v) ? v : null;

    /// <summary>The argument's text; null when an optional argument is absent.</summary>
    public string? Argument(string name) => arguments.TryGetValue(name, out var v) ? v : null;

    public bool Json => Has(CommandDeclaration.JsonOption);
}
