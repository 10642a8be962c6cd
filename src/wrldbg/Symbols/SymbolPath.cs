namespace WrlDbgExt.Cli.Symbols;

/// <summary>What one element of a symbol path asks for, with only its local parts (we never use the network).</summary>
public enum SymbolPathElementKind
{
    /// <summary>A folder searched as is (<c>dir/name.pdb</c>) and as a symbol store (<c>dir/name.pdb/KEY/name.pdb</c>).</summary>
    Folder,

    /// <summary>A symbol store: <c>srv*</c> / <c>symsrv*DLL*</c> cache folders, and <c>cache*</c> folders.</summary>
    Store,
}

/// <param name="Kind">How the location is searched.</param>
/// <param name="Path">The local folder.</param>
/// <param name="Source">The element it came from (for messages).</param>
public sealed record SymbolLocation(SymbolPathElementKind Kind, string Path, string Source);

/// <summary>
/// A parsed symbol path in <c>_NT_SYMBOL_PATH</c> syntax (docs/pdb-format.md, "Symbol paths"): elements separated by
/// <c>;</c>; <c>srv*A*B*URL</c> (shorthand for <c>symsrv*symsrv.dll*A*B*URL</c>) is a chain of cache folders ending
/// in servers; <c>cache*DIR</c> names a cache; anything else is a plain folder. Only local folders are kept; what was
/// left out (servers, an implicit default cache) is listed so a command can say so.
/// </summary>
public sealed record SymbolPath(IReadOnlyList<SymbolLocation> Locations, IReadOnlyList<string> Ignored)
{
    public static SymbolPath Parse(string? text)
    {
        var locations = new List<SymbolLocation>();
        var ignored = new List<string>();
        foreach (var raw in (text ?? "").Split(';'))
        {
            string element = raw.Trim();
            if (element.Length == 0) continue;
            var parts = element.Split('*');
            string head = parts[0].ToLowerInvariant();
            if (parts.Length == 1)
            {
                locations.Add(new SymbolLocation(SymbolPathElementKind.Folder, element, element));
                continue;
            }
            // srv*… and cache*… take folders from the second part; symsrv*DLL*… from the third.
            int first = head switch { "srv" or "cache" => 1, "symsrv" => 2, _ => -1 };
            if (first < 0)
            {
                ignored.Add($"{element}: not a symbol-path form we know (srv*, symsrv*, cache* or a folder)");
                continue;
            }
            bool any = false;
            for (int i = first; i < parts.Length; i++)
            {
                string part = parts[i].Trim();
                if (part.Length == 0) continue;
                if (IsRemote(part))
                {
                    ignored.Add($"{part}: a symbol server (wrldbg reads local symbols only)");
                    continue;
                }
                locations.Add(new SymbolLocation(SymbolPathElementKind.Store, part, element));
                any = true;
            }
            if (!any) ignored.Add($"{element}: no local folder (the default downstream store is not guessed)");
        }
        return new SymbolPath(locations, ignored);
    }

    /// <summary>http(s) URLs and UNC shares (<c>\\server\share</c>) are remote: never touched.</summary>
    private static bool IsRemote(string part) =>
        part.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || part.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || part.StartsWith(@"\\", StringComparison.Ordinal);
}
