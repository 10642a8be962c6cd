namespace WrlDbgExt.Pdb.Streams;

/// <summary>An IMAGE_SECTION_HEADER from the DBI section-header stream (40 bytes on disk).</summary>
public sealed record SectionHeader(string Name, uint VirtualSize, uint VirtualAddress, uint SizeOfRawData, uint Characteristics)
{
    public const int Size = 40;
}
