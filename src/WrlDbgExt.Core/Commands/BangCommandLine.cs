namespace WrlDbgExt.Core.Commands;

/// <summary>
/// Parses an extension command's argument string by its declaration: leading options (<c>-json</c>,
/// <c>-flavour wrl</c>, <c>-?</c>), then the arguments. A single address argument takes the whole rest, so
/// expressions may contain spaces (<c>poi(@rcx) + 8</c>).
/// </summary>
public static class BangCommandLine
{
    public sealed record Result(CommandInput? Input, bool HelpRequested, string? Error);

    public static Result Parse(CommandDeclaration command, string? text)
    {
        var rest = (text ?? "").Trim();
        var options = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        while (rest.Length > 0 && (rest[0] == '-' || rest.StartsWith("/?", StringComparison.Ordinal)))
        {
            string token = NextToken(ref rest);
            if (token is "-?" or "/?" or "-h" or "--help") return new Result(null, true, null);
            // "-5" or "-0x10" is an expression, not an option.
            if (token.Length > 1 && char.IsDigit(token[1]))
            {
                rest = (token + " " + rest).Trim();
                break;
            }
            string? value = null;
            var option = command.Option(token.TrimStart('-')) ?? ShortForm(command, token, out value);
            if (option is null)
                return Fail(command, $"unknown option '{Targets.AddressParser.Printable(token)}'");
            if (option.TakesValue && value is null)
            {
                // A value that may be left out (dt's -r) is only taken from the next token when that is a number.
                if (option.ValueOptional && !NextIsNumber(rest))
                {
                    options[option.Name] = null;
                    continue;
                }
                value = NextToken(ref rest);
                if (value.Length == 0) return Fail(command, $"-{option.Name} needs a value ({option.ValueName})");
                if (option.Choices is { Count: > 0 } choices && !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
                    return Fail(command, $"-{option.Name} '{Targets.AddressParser.Printable(value)}' is not one of {string.Join(", ", choices)}");
            }
            options[option.Name] = value;
        }

        var arguments = new Dictionary<string, string>();
        var declared = command.Arguments;
        for (int i = 0; i < declared.Count; i++)
        {
            bool last = i == declared.Count - 1;
            string value = last ? rest : NextToken(ref rest);
            if (last) rest = "";
            if (value.Length == 0)
            {
                if (declared[i].Required) return Fail(command, $"{Article(declared[i].Name)} {declared[i].Name} is required");
                continue;
            }
            arguments[declared[i].Name] = value;
        }
        if (rest.Length > 0) return Fail(command, $"unexpected '{Targets.AddressParser.Printable(rest)}'");
        return new Result(new CommandInput(options, arguments), false, null);
    }

    /// <summary>The engine's own spelling of an option (<c>-r</c>, or <c>-r2</c> with its value attached).</summary>
    private static OptionDeclaration? ShortForm(CommandDeclaration command, string token, out string? value)
    {
        value = null;
        foreach (var o in command.AllOptions)
        {
            if (o.ShortForm is not { } shortForm) continue;
            if (string.Equals(token, shortForm, StringComparison.Ordinal)) return o;
            if (o.TakesValue && token.Length > shortForm.Length && token.StartsWith(shortForm, StringComparison.Ordinal))
            {
                value = token[shortForm.Length..];
                return o;
            }
        }
        return null;
    }

    private static bool NextIsNumber(string rest)
    {
        var trimmed = rest.TrimStart();
        int end = trimmed.IndexOfAny([' ', '\t']);
        var token = end < 0 ? trimmed : trimmed[..end];
        return token.Length > 0 && token.All(char.IsAsciiDigit);
    }

    private static Result Fail(CommandDeclaration command, string message) =>
        new(null, false, $"{message} (see !{command.ExtensionName} -?)");

    private static string NextToken(ref string rest)
    {
        rest = rest.TrimStart();
        int end = rest.IndexOfAny([' ', '\t']);
        string token = end < 0 ? rest : rest[..end];
        rest = end < 0 ? "" : rest[end..].TrimStart();
        return token;
    }

    private static string Article(string noun) => "aeiou".Contains(noun[0]) ? "an" : "a";
}
