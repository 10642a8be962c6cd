namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Identity of a PDB as a CodeView record names it. RSDS records carry a GUID and age;
/// older NB10 records carry a 32-bit signature instead of the GUID.
/// </summary>
public sealed record PdbIdentity(string Format, Guid Guid, uint Signature, uint Age, string Path)
{
    public static PdbIdentity Rsds(Guid guid, uint age, string path) => new("RSDS", guid, 0, age, path);

    public static PdbIdentity Nb10(uint signature, uint age, string path) => new("NB10", Guid.Empty, signature, age, path);

    public string FileName => WindowsPath.FileName(Path);

    /// <summary>
    /// The symbol-store key: <c>name.pdb/&lt;GUID N upper&gt;&lt;age hex&gt;/name.pdb</c>; null when the record names
    /// no PDB file (a store cannot be asked without the name).
    /// </summary>
    public string? SymbolStoreKey
    {
        get
        {
            if (FileName.Length == 0)
                return null;
            var name = FileName.ToLowerInvariant();
            return $"{name}/{StoreId}/{name}";
        }
    }

    /// <summary>The store directory of this identity: the GUID (N, upper case) or NB10 signature, then the age, both hex.</summary>
    public string StoreId => Format == "RSDS"
        ? Guid.ToString("N").ToUpperInvariant() + Age.ToString("X")
        : Signature.ToString("X8") + Age.ToString("X");

    /// <summary>Whether a PDB stating <paramref name="found"/> is this module's (GUID or signature, and age).</summary>
    public bool IsMatchedBy(PdbIdentity found) =>
        Format == "RSDS" ? found.Guid == Guid && found.Age == Age : found.Signature == Signature && found.Age == Age;

    public override string ToString()
    {
        var name = FileName.Length > 0 ? FileName : "(unnamed)";
        return Format == "RSDS"
            ? $"{name} {{{Guid.ToString("D").ToUpperInvariant()}}} age {Age}"
            : $"{name} sig {Signature:X8} age {Age}";
    }
}
