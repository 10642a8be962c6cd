using System.Globalization;
using System.Text;

namespace WrlDbgExt.Dumps;

/// <summary>
/// Makes text from a dump (or a user-supplied path) safe to print on one line: control, format
/// (bidi overrides), separator and lone-surrogate characters become <c>\xNN</c>/<c>\uNNNN</c> escapes.
/// </summary>
public static class PrintableText
{
    public static string Sanitize(string text, int maxLength = 1024)
    {
        var sb = new StringBuilder(Math.Min(text.Length, maxLength) + 8);
        for (int i = 0; i < text.Length; i++)
        {
            if (sb.Length >= maxLength)
            {
                sb.Append('…');
                break;
            }
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (IsUnsafe(c))
            {
                sb.Append(c <= 0xFF ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool IsUnsafe(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate
            or UnicodeCategory.OtherNotAssigned => true,
        _ => false,
    };
}
