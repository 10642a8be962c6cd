namespace WrlDbgExt.Pdb.Streams;

/// <summary>Which module contributed bytes [Offset, Offset + Size) of section <see cref="Section"/> (1-based).</summary>
public readonly record struct SectionContribution(ushort Section, uint Offset, uint Size, uint Characteristics, int ModuleIndex);
