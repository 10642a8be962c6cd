using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using WrlDbgExt.Pdb.Tests.Support;

namespace WrlDbgExt.Pdb.Tests.Oracle;

/// <summary>Parses `llvm-pdbutil dump -types FILE`: the expected values come from LLVM, never from our reader.</summary>
internal static partial class LlvmTypeDump
{
    private static readonly Dictionary<string, IReadOnlyDictionary<uint, LlvmTypeRecord>> Cache = new();

    public static IReadOnlyDictionary<uint, LlvmTypeRecord> Load(string pdb)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(pdb, out var known)) return known;
            return Cache[pdb] = Parse(ExternalTool.Run("llvm-pdbutil", "dump", "-types", pdb));
        }
    }

    public static IReadOnlyDictionary<uint, LlvmTypeRecord> Parse(string text)
    {
        var records = new Dictionary<uint, LlvmTypeRecord>();
        LlvmTypeRecord? record = null;
        LlvmField? field = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (Header().Match(line) is { Success: true } h)
            {
                record = new LlvmTypeRecord
                {
                    Index = Hex(h.Groups[1].Value), Leaf = h.Groups[2].Value,
                    Name = h.Groups[3].Success ? h.Groups[3].Value : null,
                };
                records.Add(record.Index, record);
                field = null;
                continue;
            }
            if (record is null) continue;
            var body = line.Trim();
            if (body.StartsWith("- LF_", StringComparison.Ordinal))
            {
                field = ParseField(body[2..]);
                record.Fields.Add(field);
                continue;
            }
            if (field is not null)
            {
                if (BaseLine().Match(body) is { Success: true } b) { field.Type = Hex(b.Groups[1].Value); field.Offset = long.Parse(b.Groups[2].Value, CultureInfo.InvariantCulture); }
                else if (VirtualBaseLine().Match(body) is { Success: true } v)
                {
                    field.Type = Hex(v.Groups[1].Value);
                    field.VbptrType = Hex(v.Groups[2].Value);
                    field.VbptrOffset = long.Parse(v.Groups[3].Value, CultureInfo.InvariantCulture);
                    field.VtableIndex = long.Parse(v.Groups[4].Value, CultureInfo.InvariantCulture);
                }
                continue;
            }
            record.Details.Add(body);
            if (UniqueName().Match(body) is { Success: true } u) record.UniqueName = u.Groups[1].Value;
            if (FieldListRef().Match(body) is { Success: true } f) record.FieldList = f.Groups[1].Value == "<no type>" ? 0 : Hex(f.Groups[1].Value[2..]);
            if (body.StartsWith("options:", StringComparison.Ordinal))
            {
                if (SizeOf().Match(body) is { Success: true } s) record.Size = ulong.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture);
                if (Forward().Match(body) is { Success: true } fw)
                {
                    record.IsForwardReference = true;
                    record.ForwardTarget = Hex(fw.Groups[2].Value);
                }
            }
            if (Bitfield().Match(body) is { Success: true } bf)
            {
                record.BitOffset = int.Parse(bf.Groups[1].Value, CultureInfo.InvariantCulture);
                record.BitCount = int.Parse(bf.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        return records;
    }

    private static LlvmField ParseField(string text)
    {
        int space = text.IndexOfAny([' ', '[']);
        string kind = space < 0 ? text : text[..space];
        string rest = space < 0 ? "" : text[space..].Trim();
        var field = new LlvmField { Kind = kind };
        switch (kind)
        {
            case "LF_MEMBER" when MemberField().Match(rest) is { Success: true } m:
                field.Name = m.Groups[1].Value;
                field.Type = Hex(m.Groups[2].Value);
                field.Offset = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                break;
            case "LF_STMEMBER" or "LF_NESTTYPE" or "LF_ONEMETHOD" or "LF_METHOD" when NamedField().Match(rest) is { Success: true } n:
                field.Name = n.Groups[1].Value;
                if (n.Groups[2].Success) field.Type = Hex(n.Groups[2].Value);
                break;
            case "LF_ENUMERATE" when Enumerate().Match(rest) is { Success: true } e:
                field.Name = e.Groups[1].Value;
                field.Value = BigInteger.Parse(e.Groups[2].Value, CultureInfo.InvariantCulture);
                break;
            case "LF_VFUNCTAB" or "LF_INDEX" when TrailingIndex().Match(rest) is { Success: true } t:
                field.Type = Hex(t.Groups[1].Value);
                break;
        }
        return field;
    }

    private static uint Hex(string digits) => uint.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s+0x([0-9A-F]+) \| (LF_\w+) \[size = \d+\](?: `(.*)`)?$")]
    private static partial Regex Header();

    [GeneratedRegex(@"^unique name: `(.*)`$")]
    private static partial Regex UniqueName();

    [GeneratedRegex(@"field list: (0x[0-9A-F]+|<no type>)")]
    private static partial Regex FieldListRef();

    [GeneratedRegex(@", sizeof (\d+)$")]
    private static partial Regex SizeOf();

    [GeneratedRegex(@"forward ref \((->|=) 0x([0-9A-F]+)\)")]
    private static partial Regex Forward();

    [GeneratedRegex(@"^type = 0x[0-9A-F]+.*, bit offset = (\d+), # bits = (\d+)$")]
    private static partial Regex Bitfield();

    [GeneratedRegex(@"^\[name = `(.*)`, Type = 0x([0-9A-F]+).*, offset = (-?\d+), attrs = [^\]]*\]$")]
    private static partial Regex MemberField();

    [GeneratedRegex(@"^\[name = `(.*?)`(?:, (?:type|parent) = 0x([0-9A-F]+))?")]
    private static partial Regex NamedField();

    [GeneratedRegex(@"^\[(.*) = (-?\d+)\]$")]
    private static partial Regex Enumerate();

    [GeneratedRegex(@"= 0x([0-9A-F]+)$")]
    private static partial Regex TrailingIndex();

    [GeneratedRegex(@"^type = 0x([0-9A-F]+).*, offset = (-?\d+), attrs")]
    private static partial Regex BaseLine();

    [GeneratedRegex(@"^base = 0x([0-9A-F]+).*, vbptr = 0x([0-9A-F]+).*, vbptr offset = (-?\d+), vtable index = (-?\d+)")]
    private static partial Regex VirtualBaseLine();
}
