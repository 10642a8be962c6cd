namespace WrlDbgExt.Pdb.Names;

/// <summary>
/// A public's name as the engine's <c>ln</c> prints it (docs/pdb-format.md §17): vftables as in §16, string literals
/// (<c>??_C@…</c>) as <c>`string'</c>, other decorated C++ names (<c>?Name@Scope@@…</c>, adjustor thunks included) as
/// their qualified name alone, and C names without one leading underscore and without a stdcall <c>@N</c> suffix
/// (<c>_WriteFile@20</c> → <c>WriteFile</c>, <c>__imp_CloseHandle</c> → <c>_imp_CloseHandle</c>). Names this cannot
/// read (operators, constructors) stay decorated.
/// </summary>
public static class MsvcPublicName
{
    public static string Undecorate(string name)
    {
        if (name.StartsWith("??_7", StringComparison.Ordinal) || name.StartsWith("??_8", StringComparison.Ordinal)) return MsvcVfTableName.Undecorate(name) ?? name;
        if (name.StartsWith("??_C@", StringComparison.Ordinal)) return "`string'";
        if (name.StartsWith("??", StringComparison.Ordinal)) return name;
        if (name.StartsWith('?')) return new MsvcVfTableName.Reader(name, 1).QualifiedName([]) ?? name;
        string c = name.StartsWith('_') ? name[1..] : name;
        int at = c.LastIndexOf('@');
        return at > 0 && at < c.Length - 1 && c[(at + 1)..].All(char.IsAsciiDigit) ? c[..at] : c;
    }
}
