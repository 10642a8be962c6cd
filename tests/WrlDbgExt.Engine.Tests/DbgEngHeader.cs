using System.Globalization;
using System.Text.RegularExpressions;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Engine.Tests;

/// <summary>
/// The DbgEng package's dbgeng.h, read by the tests: vtable slots (the position of each STDMETHOD line in
/// its DECLARE_INTERFACE_ block, IUnknown = 0..2), parameter names, IIDs (DEFINE_GUID) and #define
/// constants. The expected values of the adapter tests come from here, not from the adapter.
/// </summary>
internal static partial class DbgEngHeader
{
    private static readonly Lazy<Parsed> Header = new(Load);

    public static string? Path => Prerequisites.DbgEngPackage.Path is { } p ? System.IO.Path.Combine(p, "build", "native", "inc", "dbgeng.h") : null;

    /// <summary>Fails (CI) or skips the test when the package is not restored.</summary>
    public static void Require()
    {
        var fact = Prerequisites.DbgEngPackage;
        string? reason = !fact.Available ? fact.Reason : !File.Exists(Path) ? $"{Path} is missing" : null;
        if (reason is null) return;
        if (Prerequisites.IsCi) Assert.Fail(reason);
        Assert.Inconclusive(reason);
    }

    public static int Slot(string iface, string method)
    {
        var methods = Methods(iface);
        int slot = methods.FindIndex(m => m.Name == method);
        if (slot < 0) throw new KeyNotFoundException($"dbgeng.h: {iface} has no method {method}");
        if (methods.FindLastIndex(m => m.Name == method) != slot) throw new InvalidDataException($"dbgeng.h: {iface}::{method} is overloaded");
        return slot;
    }

    public static int SlotCount(string iface) => Methods(iface).Count;

    /// <summary>The method at <paramref name="slot"/> of <paramref name="iface"/>'s vtable.</summary>
    public static string MethodAt(string iface, int slot) =>
        slot < Methods(iface).Count ? Methods(iface)[slot].Name : throw new KeyNotFoundException($"dbgeng.h: {iface} has {Methods(iface).Count} slots, not {slot + 1}");

    /// <summary>Parameter names of a method, without THIS.</summary>
    public static IReadOnlyList<string> Parameters(string iface, string method) => Methods(iface)[Slot(iface, method)].Parameters;

    public static int ParameterIndex(string iface, string method, string parameter)
    {
        int i = Parameters(iface, method).ToList().IndexOf(parameter);
        return i >= 0 ? i : throw new KeyNotFoundException($"dbgeng.h: {iface}::{method} has no parameter {parameter}");
    }

    public static Guid Iid(string iface) =>
        Header.Value.Iids.TryGetValue("IID_" + iface, out var g) ? g : throw new KeyNotFoundException($"dbgeng.h: no IID_{iface}");

    /// <summary>The interface whose IID_ DEFINE_GUID is <paramref name="iid"/>.</summary>
    public static string InterfaceOf(Guid iid) =>
        Header.Value.Iids.FirstOrDefault(p => p.Value == iid).Key is { } name ? name["IID_".Length..] : throw new KeyNotFoundException($"dbgeng.h: no IID {iid}");

    public static ulong Constant(string name) =>
        Header.Value.Defines.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"dbgeng.h: no #define {name}");

    public sealed record Method(string Name, IReadOnlyList<string> Parameters);

    private static List<Method> Methods(string iface) =>
        Header.Value.Interfaces.TryGetValue(iface, out var m) ? m : throw new KeyNotFoundException($"dbgeng.h: no DECLARE_INTERFACE_({iface}, ...)");

    private sealed record Parsed(Dictionary<string, List<Method>> Interfaces, Dictionary<string, Guid> Iids, Dictionary<string, ulong> Defines);

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"DECLARE_INTERFACE_\(\s*(?<name>\w+)\s*,\s*\w+\s*\)\s*\{(?<body>.*?)\n\};", RegexOptions.Singleline)]
    private static partial Regex Interface();

    [GeneratedRegex(@"STDMETHODV?(?:_\(\s*[^,()]+,\s*(?<n1>\w+)\s*\)|\(\s*(?<n2>\w+)\s*\))\s*\(")]
    private static partial Regex StdMethod();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"DEFINE_GUID\(\s*(?<name>\w+)\s*,(?<parts>[^)]*)\)")]
    private static partial Regex DefineGuid();

    [GeneratedRegex(@"^\s*#define\s+(?<name>DEBUG_\w+)\s+\(?\s*(?<value>0x[0-9A-Fa-f]+|\d+)[UuLl]*\s*\)?\s*$", RegexOptions.Multiline)]
    private static partial Regex Define();

    /// <summary>The text between the parenthesis that opens at <paramref name="start"/> - 1 and its match.</summary>
    private static string ParameterList(string text, int start)
    {
        int depth = 1;
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth == 0) return text[start..i];
        }
        throw new InvalidDataException("dbgeng.h: unbalanced parameter list");
    }

    /// <summary>
    /// Parameter names: SAL annotations carry their own parentheses and commas
    /// (<c>_Out_writes_bytes_to_(BufferSize, *BytesRead) PVOID Buffer</c>), so they are dropped first.
    /// </summary>
    private static List<string> ParameterNames(string list)
    {
        string flat = list;
        for (string previous = ""; previous != flat;) (previous, flat) = (flat, Parenthesised().Replace(flat, " "));
        return flat.Split(',')
            .Select(p => p.Replace("THIS_", " ").Replace("THIS", " ").Trim())
            .Where(p => p.Length > 0 && p != "...")
            .Select(p => Regex.Match(p, @"(\w+)\s*$").Groups[1].Value)
            .ToList();
    }

    private static Parsed Load()
    {
        var text = File.ReadAllText(Path ?? throw new InvalidOperationException("the DbgEng package is not restored"));
        text = LineComment().Replace(BlockComment().Replace(text, " "), "");
        var interfaces = new Dictionary<string, List<Method>>(StringComparer.Ordinal);
        foreach (Match i in Interface().Matches(text))
        {
            var methods = new List<Method>();
            var body = i.Groups["body"].Value;
            foreach (Match m in StdMethod().Matches(body))
            {
                string name = m.Groups["n1"].Success ? m.Groups["n1"].Value : m.Groups["n2"].Value;
                methods.Add(new Method(name, ParameterNames(ParameterList(body, m.Index + m.Length))));
            }
            interfaces[i.Groups["name"].Value] = methods;
        }
        var iids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (Match g in DefineGuid().Matches(text))
        {
            var p = g.Groups["parts"].Value.Split(',').Select(s => ulong.Parse(s.Trim()[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            if (p.Length != 11) continue;
            iids[g.Groups["name"].Value] = new Guid((uint)p[0], (ushort)p[1], (ushort)p[2],
                (byte)p[3], (byte)p[4], (byte)p[5], (byte)p[6], (byte)p[7], (byte)p[8], (byte)p[9], (byte)p[10]);
        }
        var defines = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (Match d in Define().Matches(text))
        {
            var v = d.Groups["value"].Value;
            defines.TryAdd(d.Groups["name"].Value, v.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.Parse(v[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                : ulong.Parse(v, CultureInfo.InvariantCulture));
        }
        return new Parsed(interfaces, iids, defines);
    }
}
