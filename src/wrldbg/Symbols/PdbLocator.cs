using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>How the search for one module's PDB ended.</summary>
public enum PdbSearchOutcome
{
    Found,

    /// <summary>A file of the right name whose GUID or age is not the module's (refused, as the engine does).</summary>
    Mismatched,

    NotFound,
}

/// <param name="Outcome">Found, mismatched or not found.</param>
/// <param name="Path">The PDB found (or the first mismatched one).</param>
/// <param name="Found">The identity read from <paramref name="Path"/>.</param>
/// <param name="Searched">Every file looked at, in order.</param>
public sealed record PdbSearch(PdbSearchOutcome Outcome, string? Path, PdbIdentity? Found, IReadOnlyList<string> Searched);

/// <summary>
/// Finds a module's PDB along a symbol path: in each location, <c>dir/name.pdb</c> (folders only) and the store layouts
/// <c>dir/name.pdb/KEY/name.pdb</c> and, when the store has <c>index2.txt</c>, <c>dir/na/name.pdb/KEY/name.pdb</c>
/// (KEY = GUID, 32 upper-case hex digits, then the age in hex). Names are matched without regard to case, as Windows
/// does. A candidate is accepted only when its own GUID and age equal the module's CodeView record.
/// </summary>
public static class PdbLocator
{
    /// <param name="wanted">The module's CodeView identity.</param>
    /// <param name="path">Where to look.</param>
    /// <param name="readIdentity">The identity a PDB file states (its info stream); null when the file is no PDB.</param>
    public static PdbSearch Find(PdbIdentity wanted, SymbolPath path, Func<string, PdbIdentity?> readIdentity)
    {
        var searched = new List<string>();
        string name = wanted.FileName;
        if (name.Length == 0) return new PdbSearch(PdbSearchOutcome.NotFound, null, null, searched);
        string key = wanted.StoreId;
        (string Path, PdbIdentity Identity)? mismatch = null;
        foreach (var location in path.Locations)
        {
            foreach (var candidate in Candidates(location, name, key))
            {
                var file = ExistingFile(candidate);
                searched.Add(file ?? candidate);
                if (file is null) continue;
                var identity = readIdentity(file);
                if (identity is null) continue;
                if (wanted.IsMatchedBy(identity)) return new PdbSearch(PdbSearchOutcome.Found, file, identity, searched);
                mismatch ??= (file, identity);
            }
        }
        return mismatch is { } m
            ? new PdbSearch(PdbSearchOutcome.Mismatched, m.Path, m.Identity, searched)
            : new PdbSearch(PdbSearchOutcome.NotFound, null, null, searched);
    }

    /// <summary>
    /// A module's image file along the same path (the engine reads image bytes a dump lacks from it): a folder's
    /// <c>name.exe</c> or a store's <c>name.exe/TIMESTAMPSizeOfImage/name.exe</c>, the first that
    /// <paramref name="open"/> accepts as the module's (it returns null for any other file).
    /// </summary>
    public static T? FindImage<T>(TargetModule module, SymbolPath path, Func<string, T?> open) where T : class
    {
        string name = module.FileName;
        if (name.Length == 0) return null;
        string key = $"{module.TimeDateStamp:X8}{module.ImageSize:x}";
        foreach (var location in path.Locations)
            foreach (var candidate in Candidates(location, name, key))
                if (ExistingFile(candidate) is { } file && open(file) is { } opened) return opened;
        return null;
    }

    private static IEnumerable<string> Candidates(SymbolLocation location, string name, string key)
    {
        if (location.Kind == SymbolPathElementKind.Folder) yield return System.IO.Path.Combine(location.Path, name);
        yield return System.IO.Path.Combine(location.Path, name, key, name);
        if (File.Exists(System.IO.Path.Combine(location.Path, "index2.txt")) && name.Length >= 2)
            yield return System.IO.Path.Combine(location.Path, name[..2], name, key, name);
    }

    /// <summary>The path as it exists on disk, each part matched case-insensitively; null when it does not exist.</summary>
    private static string? ExistingFile(string path) => Existing(path, file: true);

    private static string? Existing(string path, bool file)
    {
        if (file ? File.Exists(path) : Directory.Exists(path)) return path;
        string? parent = System.IO.Path.GetDirectoryName(path);
        if (parent is null || parent == path || Existing(parent, file: false) is not { } realParent) return null;
        string leaf = System.IO.Path.GetFileName(path);
        try
        {
            var entries = file ? Directory.EnumerateFiles(realParent) : Directory.EnumerateDirectories(realParent);
            return entries.FirstOrDefault(e => string.Equals(System.IO.Path.GetFileName(e), leaf, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
