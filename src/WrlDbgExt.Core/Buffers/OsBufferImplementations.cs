using System.Text.RegularExpressions;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Buffers;

/// <summary>
/// One of the OS's IMemoryBuffer implementations with the behaviour S13 measured (docs/winrt-internals.md §8.3).
/// Their types are not public (§8.4): a dump shows them only through a vftable's public symbol, so nothing of their
/// state is read.
/// </summary>
/// <param name="RuntimeClass">The Windows Runtime class name.</param>
/// <param name="Namespace">The C++ namespace the class is expected in (its runtime namespace).</param>
/// <param name="Stem">The word its buffer and reference classes' names contain.</param>
/// <param name="ThreadSafe">§8.3 "thread-safe".</param>
/// <param name="RaisesClosedOnRelease">§8.3 "raises Closed automatically when released".</param>
public sealed record OsBufferImplementation(string RuntimeClass, string Namespace, string Stem, bool ThreadSafe, bool RaisesClosedOnRelease);

/// <summary>
/// Recognises the OS implementations by vftable symbol. The real class names are not public [U]: the rule assumes
/// the class lives in the C++ namespace of its runtime class (as Windows' WinRT classes are named in public stack
/// traces, e.g. <c>Windows::Foundation::…</c>) and its name contains the stem; a name containing "Reference" is the
/// reference. Projections and interfaces (<c>ABI::</c>, <c>winrt::</c>, a name starting with <c>I</c> + capital)
/// are never implementations.
/// </summary>
public static partial class OsBufferImplementations
{
    public static IReadOnlyList<OsBufferImplementation> All { get; } =
    [
        new("Windows.Foundation.MemoryBuffer", "Windows::Foundation", "MemoryBuffer", ThreadSafe: false, RaisesClosedOnRelease: true),
        new("Windows.Graphics.Imaging.BitmapBuffer", "Windows::Graphics::Imaging", "BitmapBuffer", ThreadSafe: true, RaisesClosedOnRelease: false),
    ];

    /// <summary>The implementation and the object kind a vftable symbol (<c>module!Class::`vftable'</c>, maybe <c>{for `I…'}</c>) names.</summary>
    public static (OsBufferImplementation Implementation, BufferObjectKind Kind)? Match(string? vftableSymbol)
    {
        if (vftableSymbol is null) return null;
        var m = VfTable().Match(vftableSymbol);
        if (!m.Success) return null;
        string path = m.Groups["class"].Value;
        if (path.StartsWith("ABI::", StringComparison.Ordinal) || path.StartsWith("winrt::", StringComparison.Ordinal)) return null;
        int last = LastSeparator(path);
        if (last < 0) return null;
        string ns = path[..last], name = path[(last + 2)..];
        int template = name.IndexOf('<');
        if (template >= 0) name = name[..template];
        if (name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1])) return null;
        foreach (var implementation in All)
        {
            if (ns != implementation.Namespace || !name.Contains(implementation.Stem, StringComparison.Ordinal)) continue;
            var kind = name.Contains("Reference", StringComparison.Ordinal) ? BufferObjectKind.Reference : BufferObjectKind.Buffer;
            return (implementation, kind);
        }
        return null;
    }

    // The last "::" outside template arguments.
    private static int LastSeparator(string path)
    {
        int depth = 0;
        for (int i = path.Length - 1; i > 0; i--)
        {
            char c = path[i];
            if (c == '>') depth++;
            else if (c == '<') depth--;
            else if (depth == 0 && c == ':' && path[i - 1] == ':') return i - 1;
        }
        return -1;
    }

    [GeneratedRegex(@"^(?:[^!]+!)?(?<class>.+)::`vftable'(?:\{for `[^']*'\})?$", RegexOptions.CultureInvariant)]
    private static partial Regex VfTable();
}
