namespace WrlDbgExt.Pdb.Types;

/// <summary>A built-in type (index below 0x1000): kind in bits 0–7, pointer mode in bits 8–11.</summary>
/// <param name="Size">Bytes of the value, or of the pointer when <see cref="Mode"/> is not 0; 0 for void.</param>
public sealed record SimpleType(uint Index, byte Kind, byte Mode, string Name, uint Size) : PdbType(Index)
{
    public bool IsPointer => Mode != 0;
}
