namespace WrlDbgExt.Core.Commands;

/// <summary>Which hosts expose a command.</summary>
[Flags]
public enum CommandHosts
{
    /// <summary><c>wrldbg NAME DUMP …</c>.</summary>
    Cli = 1,

    /// <summary><c>!NAME …</c> in WinDbg / cdb (wrldbgext.dll).</summary>
    Extension = 2,

    Both = Cli | Extension,
}

/// <summary>What an argument holds, so each host can check it the right way before running.</summary>
public enum ArgumentKind
{
    /// <summary>An address: a number in the CLI, any debugger expression in the engine.</summary>
    Address,

    /// <summary>Free text (a type name).</summary>
    Text,
}

/// <param name="Name">Lower-case name (<c>address</c>); usage shows it upper-case.</param>
/// <param name="Description">One line.</param>
/// <param name="Kind">How hosts parse it.</param>
/// <param name="Required">False for a trailing optional argument.</param>
public sealed record ArgumentDeclaration(string Name, string Description, ArgumentKind Kind, bool Required = true);

/// <param name="Name">Option name without dashes: <c>--word</c> in the CLI, <c>-word</c> in the engine.</param>
/// <param name="Description">One line.</param>
/// <param name="ValueName">Null for a flag; otherwise the placeholder of its value (<c>ID</c>).</param>
/// <param name="Choices">The values it accepts, when they are a closed list.</param>
/// <param name="ShortForm">The engine's own spelling the CLI also accepts (<c>-r</c> for dt's <c>--recurse</c>; <c>-r2</c> works too).</param>
/// <param name="ValueOptional">The value may be left out (<c>-r</c> alone); the command then uses its default.</param>
public sealed record OptionDeclaration(string Name, string Description, string? ValueName = null, IReadOnlyList<string>? Choices = null,
    string? ShortForm = null, bool ValueOptional = false)
{
    public bool TakesValue => ValueName is not null;
}

/// <summary>An example invocation in host-neutral form; each host prints it in its own syntax.</summary>
/// <param name="Options">Option names, <c>name=value</c> for options with a value.</param>
/// <param name="Arguments">Argument values in order.</param>
/// <param name="Explanation">What it shows.</param>
public sealed record CommandExample(IReadOnlyList<string> Options, IReadOnlyList<string> Arguments, string Explanation);

/// <summary>
/// A command declared once: the CLI's parser, <c>!help</c>, the extension's export list and the gallery
/// manifest all come from (or are checked against) this.
/// </summary>
/// <param name="Name">CLI name (<c>weak</c>).</param>
/// <param name="ExtensionName">Bang name (<c>wrlweak</c>); null when the extension does not expose it.</param>
/// <param name="Summary">One line for listings.</param>
/// <param name="Description">Paragraphs for full usage (lines end with <c>\n</c>).</param>
/// <param name="Arguments">Positional arguments after the dump.</param>
/// <param name="Options">Options; <c>json</c> is added by <paramref name="Json"/>.</param>
/// <param name="Examples">Examples that work on the README sample dump <paramref name="Sample"/>.</param>
/// <param name="Hosts">Where it exists.</param>
/// <param name="Json">Whether it writes JSON with <c>--json</c> / <c>-json</c>.</param>
/// <param name="Sample">The sample the examples run on: <c>tests/samples/NAME.dmp</c>.</param>
/// <param name="TakesDump">False for a CLI command whose arguments are its own paths (<c>triage PATH...</c>), not one DUMP.</param>
public sealed record CommandDeclaration(
    string Name,
    string? ExtensionName,
    string Summary,
    string Description,
    IReadOnlyList<ArgumentDeclaration> Arguments,
    IReadOnlyList<OptionDeclaration> Options,
    IReadOnlyList<CommandExample> Examples,
    CommandHosts Hosts,
    bool Json = true,
    string Sample = "weak_refs-x64",
    bool TakesDump = true)
{
    /// <summary>The examples' dump, as the README and <c>--help</c> name it.</summary>
    public string SamplePath => $"tests/samples/{Sample}.dmp";

    public const string JsonOption = "json";

    /// <summary>Every option including the generic <c>json</c>.</summary>
    public IReadOnlyList<OptionDeclaration> AllOptions => Json
        ? [.. Options, new OptionDeclaration(JsonOption, "print JSON instead of text (a document with schema and schemaVersion)")]
        : Options;

    public OptionDeclaration? Option(string name) =>
        AllOptions.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
}
