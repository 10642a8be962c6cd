
namespace WrlDbgExt.Pdb.Names;

/// <summary>
/// Undecorates the MSVC name of a vftable public (<c>??_7Widget@@6B@</c>) the way the debugger engine prints it
/// (<c>Widget::`vftable'</c>), and a vbtable's (<c>??_8Diamond@gallery@@7BLeft@1@@</c> → <c>gallery::Diamond::`vbtable'</c>): qualified name with templates, no <c>const</c>, no <c>{for `…'}</c>, template arguments
/// without spaces or <c>struct</c>/<c>class</c> (docs/pdb-format.md §16). Only the forms vftables of our kind use are
/// read — identifiers, back-references, templates whose arguments are integers, tag types and simple built-in types;
/// anything else answers null and the caller keeps the decorated name.
/// </summary>
public static class MsvcVfTableName
{
    /// <summary>A vftable (<c>??_7…6B…</c>) or vbtable (<c>??_8…7B…</c>) public's name as the engine prints it; null for anything else.</summary>
    public static string? Undecorate(string mangled)
    {
        if (mangled.StartsWith("??_7", StringComparison.Ordinal)) return Table(mangled, "6B", "vftable");
        if (mangled.StartsWith("??_8", StringComparison.Ordinal)) return Table(mangled, "7B", "vbtable");
        return null;
    }

    private static string? Table(string mangled, string storage, string what)
    {
        var reader = new Reader(mangled, 4);
        var name = reader.QualifiedName([]);
        // What follows the name (the storage class, the optional {for} scope, @) is what the engine leaves out.
        return name is not null && reader.At(storage) ? $"{name}::`{what}'" : null;
    }

    internal sealed class Reader(string text, int position)
    {
        private int _at = position;

        public bool At(string s) => string.CompareOrdinal(text, _at, s, 0, s.Length) == 0;

        private char Peek => _at < text.Length ? text[_at] : '\0';

        /// <summary>Fragments up to the closing '@', innermost first in the text; printed outermost first.</summary>
        public string? QualifiedName(List<string> names)
        {
            var parts = new List<string>();
            while (Peek != '@')
            {
                if (Peek == '\0' || parts.Count > 64) return null;
                string? part = Fragment(names);
                if (part is null) return null;
                parts.Add(part);
            }
            _at++; // the name's closing '@'
            parts.Reverse();
            return string.Join("::", parts);
        }

        private string? Fragment(List<string> names)
        {
            char c = Peek;
            if (c is >= '0' and <= '9')
            {
                _at++;
                return c - '0' < names.Count ? names[c - '0'] : null;
            }
            if (At("?$"))
            {
                _at += 2;
                var inner = new List<string>(); // a template's own back-reference table
                string? templateName = Identifier();
                if (templateName is null) return null;
                inner.Add(templateName);
                var args = new List<string>();
                while (Peek != '@')
                {
                    if (Peek == '\0' || args.Count > 64) return null;
                    string? arg = TemplateArgument(inner);
                    if (arg is null) return null;
                    args.Add(arg);
                }
                _at++;
                string full = $"{templateName}<{string.Join(",", args)}>";
                Remember(names, full);
                return full;
            }
            if (c == '?') return null; // operators, special names: not ours
            string? id = Identifier();
            if (id is not null) Remember(names, id);
            return id;
        }

        private static void Remember(List<string> names, string name)
        {
            if (names.Count < 10 && !names.Contains(name)) names.Add(name);
        }

        private string? Identifier()
        {
            int end = text.IndexOf('@', _at);
            if (end <= _at) return null;
            string id = text[_at..end];
            _at = end + 1;
            return id;
        }

        private string? TemplateArgument(List<string> names)
        {
            if (At("$0"))
            {
                _at += 2;
                return Number();
            }
            char c = Peek;
            if (c is 'U' or 'V' or 'T')
            {
                _at++;
                return QualifiedName(names);
            }
            if (At("W4"))
            {
                _at += 2;
                return QualifiedName(names);
            }
            _at++;
            return c switch
            {
                'H' => "int", 'I' => "unsigned int", 'D' => "char", 'E' => "unsigned char", 'F' => "short",
                'G' => "unsigned short", 'J' => "long", 'K' => "unsigned long", 'M' => "float", 'N' => "double", 'X' => "void",
                '_' => Extended(),
                _ => null,
            };
        }

        private string? Extended()
        {
            char c = Peek;
            _at++;
            return c switch { 'J' => "__int64", 'K' => "unsigned __int64", 'N' => "bool", 'W' => "wchar_t", _ => null };
        }

        /// <summary>An encoded number: '?' for negative; '0'..'9' mean 1..10; else hex digits 'A'..'P' up to '@'.</summary>
        private string? Number()
        {
            bool negative = Peek == '?';
            if (negative) _at++;
            char c = Peek;
            long value;
            if (c is >= '0' and <= '9')
            {
                _at++;
                value = c - '0' + 1;
            }
            else
            {
                value = 0;
                int digits = 0;
                while (Peek is >= 'A' and <= 'P')
                {
                    value = value * 16 + (Peek - 'A');
                    _at++;
                    if (++digits > 16) return null;
                }
                if (Peek != '@') return null;
                _at++;
            }
            return (negative ? -value : value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
