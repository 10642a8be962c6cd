using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli;

/// <summary>
/// Address arguments as a dump allows them: numbers in WinDbg's forms only. What a live debugger would
/// evaluate (registers, symbols, expressions) is refused with the reason, before the dump is opened.
/// </summary>
internal static class CliAddress
{
    public static bool TryParse(string text, out ulong value, out string error)
    {
        var t = text.Trim();
        if (t.StartsWith('@') || t.StartsWith('$'))
        {
            value = 0;
            error = $"'{AddressParser.Printable(t)}' is a register or pseudo-register: a dump's CLI has no registers; give the address as a number (0x0000022b`4f5e80a0)";
            return false;
        }
        if (t.Contains('!'))
        {
            value = 0;
            error = $"'{AddressParser.Printable(t)}' is a symbol: wrldbg does not read symbols yet; give the address as a number";
            return false;
        }
        if (t.IndexOfAny(['(', ')', '+', '*', ' ']) >= 0)
        {
            value = 0;
            error = $"'{AddressParser.Printable(t)}' is an expression: wrldbg takes plain addresses (the extension's !wrlweak evaluates expressions)";
            return false;
        }
        return AddressParser.TryParse(t, out value, out error);
    }
}
