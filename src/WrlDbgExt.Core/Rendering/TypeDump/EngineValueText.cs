using System.Globalization;
using System.Text;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// The value column of the engine's <c>dt</c> for scalars (docs/debugger-engine.md §10): <c>0n-2</c>, <c>0xfffe</c>,
/// <c>0xfedcba98`76543210</c>, <c>65 'A'</c>, <c>0xf0 ''</c>, <c>0x57 'W'</c>, <c>1.5 </c>, <c>ffffffff ( Blue )</c>,
/// bitfields <c>0y1001</c> / <c>0y1101100 (0x6c)</c>.
/// </summary>
public static class EngineValueText
{
    public const string Unreadable = "??";
    public const string UnreadablePointer = "???? ";

    public static string Basic(BasicType type, ulong raw)
    {
        int size = (int)type.Size;
        return type.Kind switch
        {
            BasicKind.Char => $"{SignExtend(raw, size).ToString(CultureInfo.InvariantCulture)} {QuotedByte(raw)}",
            BasicKind.UChar => $"{UChar(raw)} {QuotedByte(raw)}",
            BasicKind.SignedInteger => Hex.Signed(SignExtend(raw, size)),
            BasicKind.UnsignedInteger => Unsigned(raw),
            BasicKind.Bool => Bool(raw),
            BasicKind.WideChar or BasicKind.Char16 or BasicKind.Char32 => $"{UChar(raw)} '{Character(raw)}'",
            BasicKind.Float => Float(raw, size) + " ",
            _ => Unsigned(raw),
        };
    }

    /// <summary>A <c>Bool</c>: the byte as stored, sign-extended to 64 bits, in bare hex (<c>ffffffffffffff80</c>; docs/debugger-engine.md §10).</summary>
    public static string Bool(ulong raw) => unchecked((ulong)(sbyte)(byte)raw).ToString("x", CultureInfo.InvariantCulture);

    /// <summary>Unsigned values: 0–9 bare, else <c>0x</c> hex, with a backtick between the halves above 32 bits.</summary>
    public static string Unsigned(ulong raw) => raw > 0xFFFF_FFFF ? $"0x{raw >> 32:x8}`{raw & 0xFFFF_FFFF:x8}" : Hex.Unsigned(raw);

    public static string Enum(EnumType type, ulong raw)
    {
        foreach (var constant in type.Constants)
            if (Mask(constant.Value, type.Size) == raw) return $"{raw:x} ( {constant.Name} )";
        // No constant has the value: the underlying type's text (1-byte types with their character).
        return (type.Size == 1 ? $"{UChar(raw)} {QuotedByte(raw)}" : Unsigned(raw)) + " (No matching name)";
    }

    /// <summary>
    /// A character's (and a bitfield's hex part's) number: <c>0</c>, else always hex (<c>0x1</c>, unlike the bare digits
    /// of other unsigned types).
    /// </summary>
    public static string UChar(ulong raw) => raw == 0 ? "0" : $"0x{raw:x}";

    /// <summary><c>0y</c> + the bits, most significant first, and for five bits or more their hex value.</summary>
    public static string Bitfield(ulong storage, Bitfield bits)
    {
        ulong value = (storage >> bits.Position) & (bits.Width >= 64 ? ulong.MaxValue : (1UL << bits.Width) - 1);
        var sb = new StringBuilder("0y");
        for (int i = bits.Width - 1; i >= 0; i--) sb.Append(((value >> i) & 1) == 1 ? '1' : '0');
        if (bits.Width >= 5) sb.Append(" (").Append(UChar(value)).Append(')');
        return sb.ToString();
    }

    public static ulong Mask(ulong value, ulong size) => size >= 8 ? value : value & ((1UL << (int)(size * 8)) - 1);

    public static long SignExtend(ulong v, int size) => size switch
    {
        1 => (sbyte)(byte)v,
        2 => (short)(ushort)v,
        4 => (int)(uint)v,
        _ => (long)v,
    };

    /// <summary>A byte as the engine quotes it: printable ASCII as itself, anything else as nothing.</summary>
    /// <summary>
    /// A 1-byte character in quotes, as <c>dt</c> shows it. The engine passes the quoted character through its own format
    /// parser, so a <c>%</c> starts a bad conversion and the line ends in two error texts instead of <c>'%'</c>
    /// (docs/debugger-engine.md §10.1, seen in a char array of the x86 fixture).
    /// </summary>
    public static string QuotedByte(ulong raw) => raw == '%' ? "'" + PercentCharacterText : $"'{Printable(raw)}'";

    /// <summary>What the engine prints for the <c>%'</c> (and what follows it) of a quoted <c>%</c> character.</summary>
    public const string PercentCharacterText = "Unknown format characterUnknown format control character";

    public static string Printable(ulong raw) => raw is >= 0x20 and < 0x7F ? ((char)raw).ToString() : "";

    /// <summary>
    /// A UTF-16 / UTF-32 code as the engine quotes it: printable ASCII, and beyond ASCII letters and digits, as
    /// themselves; anything else (controls, marks, symbols such as U+27AF, spaces such as U+00A0, unassigned codes,
    /// surrogates) as nothing (observed, docs/pdb-format.md §18).
    /// </summary>
    public static string Character(ulong raw)
    {
        if (raw < 0x80) return Printable(raw);
        if (raw > 0x10FFFF || raw is >= 0xD800 and <= 0xDFFF) return "";
        string text = char.ConvertFromUtf32((int)raw);
        return CharUnicodeInfo.GetUnicodeCategory(text, 0) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => text,
            _ => "",
        };
    }

    /// <summary>
    /// <c>%.10g</c> for float and <c>%.20g</c> for double as the MSVC runtime prints them (three-digit exponents):
    /// <c>12.14142227</c>, <c>4.464433697e+030</c>.
    /// </summary>
    public static string Float(ulong raw, int size)
    {
        double value = size == 4 ? BitConverter.Int32BitsToSingle((int)(uint)raw) : BitConverter.Int64BitsToDouble((long)raw);
        string text = value.ToString(size == 4 ? "G10" : "G20", CultureInfo.InvariantCulture);
        int e = text.IndexOf('E');
        if (e < 0) return text;
        string mantissa = text[..e];
        char sign = text[e + 1];
        string digits = text[(e + 2)..].PadLeft(3, '0');
        return $"{mantissa}e{sign}{digits}";
    }

    /// <summary>
    /// A string as the engine quotes it (observed, docs/pdb-format.md §18): up to the first NUL or <paramref name="max"/>
    /// characters; printable characters as themselves, tab, newline and the other spacing controls as <c>.</c>; the
    /// first character that is neither ends the string as <c>???</c>. An unreadable start is the engine's error text.
    /// </summary>
    public static string Quoted(ITargetMemory target, ulong at, int charSize, int max)
    {
        var sb = new StringBuilder("\"");
        Span<byte> buffer = stackalloc byte[2];
        for (int i = 0; i < max; i++)
        {
            if (!target.TryReadExactly(at + (ulong)(i * charSize), buffer[..charSize]))
            {
                if (i == 0) return $"\"--- memory read error at address {Hex.Pointer(at, target.PointerSize)} ---\"";
                break;
            }
            ulong c = charSize == 1 ? buffer[0] : BitConverter.ToUInt16(buffer);
            if (c == 0) break;
            string shown = charSize == 1 ? Printable(c) : Character(c);
            if (c is '\t' or '\n' or '\r' or '\v' or '\f') sb.Append('.');
            else if (shown.Length > 0) sb.Append(shown);
            else
            {
                sb.Append("???");
                break;
            }
        }
        return sb.Append('"').ToString();
    }
}
