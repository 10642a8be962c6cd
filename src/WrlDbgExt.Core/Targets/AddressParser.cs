using System.Numerics;

namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Numbers as WinDbg accepts them (MASM syntax, default radix 16): <c>0x0000022b`4f5e80a0</c>,
/// <c>22b4f5e80a0</c>, <c>0n123</c> (decimal), <c>0t17</c> (octal), <c>0y101</c> (binary).
/// Backticks may separate digit groups. Expressions are the engine's job, not ours.
/// </summary>
public static class AddressParser
{
    public static bool TryParse(string? text, out ulong value, out string error)
    {
        value = 0;
        error = "";
        var s = (text ?? "").Trim();
        if (s.Length == 0) { error = "empty address"; return false; }

        int radix = 16;
        if (s.Length == 2 && s[0] == '0' && char.ToLowerInvariant(s[1]) is 'x' or 'n' or 't' or 'y')
        {
            error = $"'{Printable(s)}' is not an address: no digits follow '{Printable(s)}'";
            return false;
        }
        if (s.Length > 2 && s[0] == '0')
        {
            radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'n' => 10, 't' => 8, 'y' => 2, _ => 0 };
            if (radix != 0) s = s[2..];
            else radix = 16;
        }

        if (s.StartsWith('`') || s.EndsWith('`') || s.Contains("``", StringComparison.Ordinal))
        {
            error = $"'{Printable(text!)}' is not an address: misplaced backtick";
            return false;
        }
        s = s.Replace("`", "", StringComparison.Ordinal);
        if (s.Length == 0) { error = $"'{Printable(text!)}' is not an address: no digits"; return false; }

        BigInteger acc = 0;
        foreach (char c in s)
        {
            int d = DigitValue(c);
            if (d < 0 || d >= radix)
            {
                error = $"'{Printable(text!)}' is not an address: '{Printable(c.ToString())}' is not a radix-{radix} digit";
                return false;
            }
            acc = acc * radix + d;
            if (acc > ulong.MaxValue)
            {
                error = $"'{Printable(text!)}' is not an address: larger than 64 bits";
                return false;
            }
        }
        value = (ulong)acc;
        return true;
    }

    /// <summary>
    /// Parses and fits the value to the target's pointer width: on 32-bit targets a sign-extended
    /// address (<c>ffffffff`80001000</c>, as the engine prints them) is accepted and truncated.
    /// </summary>
    public static bool TryParse(string? text, int pointerSize, out ulong value, out string error)
    {
        if (!TryParse(text, out value, out error)) return false;
        if (pointerSize == 4 && value > uint.MaxValue)
        {
            if (value >> 32 == 0xFFFF_FFFF && (value & 0x8000_0000) != 0)
            {
                value &= 0xFFFF_FFFF;
                return true;
            }
            error = $"'{Printable(text!)}' is beyond the 32-bit address space of this x86 target";
            return false;
        }
        return true;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>Echoes user text in messages without control characters (keeps error lines one line).</summary>
    public static string Printable(string text)
    {
        var cleaned = new string(text.Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        return cleaned.Length > 80 ? cleaned[..77] + "..." : cleaned;
    }
}
