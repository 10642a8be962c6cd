namespace WrlDbgExt.Pdb.Streams;

/// <summary>One module (object file) of the DBI module-info substream.</summary>
/// <param name="Index">0-based position in the substream; S_PROCREF's module number is this plus one.</param>
/// <param name="SymbolStream">Stream holding the module's symbols, or 0xFFFF when it has none.</param>
/// <param name="SymbolBytes">Bytes of CodeView symbols at the start of that stream, signature included.</param>
public sealed record DbiModule(int Index, string ModuleName, string ObjectFileName, ushort SymbolStream, uint SymbolBytes,
    SectionContribution Contribution)
{
    public bool HasSymbols => SymbolStream != 0xFFFF && SymbolBytes > 4;
}
