using System.Text;

namespace WrlDbgExt.Core.Commands;

/// <summary>The two command-line syntaxes a declaration is printed in.</summary>
public enum HostSyntax
{
    /// <summary><c>wrldbg weak DUMP --word ADDRESS</c>.</summary>
    Cli,

    /// <summary><c>!wrlweak -word ADDRESS</c>.</summary>
    Extension,
}

/// <summary>Usage text and invocations from declarations, in either host's syntax (so help never drifts from code).</summary>
public static class CommandSyntax
{
    public const string DumpPlaceholder = "DUMP";

    public static string OptionPrefix(HostSyntax syntax) => syntax == HostSyntax.Cli ? "--" : "-";

    /// <summary>A command line: <paramref name="options"/> are names or <c>name=value</c>.</summary>
    public static string Invocation(HostSyntax syntax, CommandDeclaration command, IReadOnlyList<string> options,
        IReadOnlyList<string> arguments, string dump = DumpPlaceholder)
    {
        var parts = new List<string>();
        if (syntax == HostSyntax.Cli)
        {
            parts.Add("wrldbg");
            parts.Add(command.Name);
            if (command.NeedsDump()) parts.Add(Quote(dump));
        }
        else
        {
            parts.Add("!" + (command.ExtensionName ?? command.Name));
        }
        foreach (var o in options)
        {
            int eq = o.IndexOf('=');
            parts.Add(OptionPrefix(syntax) + (eq < 0 ? o : o[..eq]));
            if (eq >= 0) parts.Add(o[(eq + 1)..]);
        }
        parts.AddRange(syntax == HostSyntax.Cli ? arguments.Select(Quote) : arguments);
        return string.Join(' ', parts);
    }

    /// <summary>
    /// <c>--flavour ID</c>; with the engine's own short form too: <c>-r[N]|--recurse N</c> (brackets when the value
    /// may be left out).
    /// </summary>
    private static string OptionSpelling(HostSyntax syntax, OptionDeclaration o)
    {
        string value = !o.TakesValue ? "" : o.ValueOptional ? $" [{o.ValueName}]" : " " + o.ValueName;
        string full = OptionPrefix(syntax) + o.Name + value;
        if (syntax != HostSyntax.Cli || o.ShortForm is not { } shortForm) return full;
        return shortForm + (!o.TakesValue ? "" : o.ValueOptional ? $"[{o.ValueName}]" : " " + o.ValueName) + "|" + full;
    }

    /// <summary>The synopsis line: <c>!wrlweak [-word] [-flavour ID] [-json] ADDRESS</c>.</summary>
    public static string Synopsis(HostSyntax syntax, CommandDeclaration command)
    {
        var sb = new StringBuilder(syntax == HostSyntax.Cli ? $"wrldbg {command.Name}" : "!" + command.ExtensionName);
        if (syntax == HostSyntax.Cli && command.NeedsDump()) sb.Append(' ').Append(DumpPlaceholder);
        foreach (var o in command.AllOptions)
            sb.Append(" [").Append(OptionSpelling(syntax, o)).Append(']');
        foreach (var a in command.Arguments)
            sb.Append(' ').Append(a.Required ? a.Name.ToUpperInvariant() : $"[{a.Name.ToUpperInvariant()}]");
        return sb.ToString();
    }

    /// <summary>Full usage for <c>-?</c> and <c>!help NAME</c> (extension) or the CLI's command help.</summary>
    public static string Usage(HostSyntax syntax, CommandDeclaration command, string exampleDump = DumpPlaceholder)
    {
        var sb = new StringBuilder();
        sb.Append(Synopsis(syntax, command)).Append('\n');
        foreach (var line in Lines(Capitalise(command.Summary) + "\n" + command.Description))
            sb.Append("  ").Append(line).Append('\n');
        var rows = (syntax == HostSyntax.Cli && command.NeedsDump() ? [(DumpPlaceholder, "the Windows minidump (.dmp)")] : Array.Empty<(string, string)>())
            .Concat(command.Arguments.Select(a => (a.Name.ToUpperInvariant(), a.Description)))
            .Concat(command.AllOptions.Select(o => (OptionSpelling(syntax, o),
                o.Description + (o.Choices is { Count: > 0 } c ? $" ({string.Join(", ", c)})" : ""))))
            .ToList();
        if (syntax == HostSyntax.Extension) rows.Add(("-?", "this help"));
        int width = rows.Max(r => r.Item1.Length);
        foreach (var (name, description) in rows)
            sb.Append("  ").Append(name.PadRight(width)).Append("  ").Append(description).Append('\n');
        if (command.Examples.Count > 0)
        {
            sb.Append($"Examples (on the README sample, {command.SamplePath}):\n");
            foreach (var e in command.Examples)
                sb.Append("  ").Append(Invocation(syntax, command, e.Options, e.Arguments, exampleDump)).Append("\n      ").Append(e.Explanation).Append('\n');
        }
        return sb.ToString();
    }

    public static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Every CLI command works on one dump, but those that take their own paths (triage).</summary>
    public static bool NeedsDump(this CommandDeclaration command) => command.Hosts.HasFlag(CommandHosts.Cli) && command.TakesDump;

    private static IEnumerable<string> Lines(string text) =>
        text.Replace("\r\n", "\n").Split('\n').Where(l => l.Length > 0);

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => !char.IsWhiteSpace(c) && c is not ('\'' or '"' or '`' or '$' or '\\' or '&' or '|' or ';' or '<' or '>' or '(' or ')' or '*' or '?'))
            ? arg
            : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
