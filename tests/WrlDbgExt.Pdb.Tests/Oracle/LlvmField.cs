namespace WrlDbgExt.Pdb.Tests.Oracle;

/// <summary>One field-list entry as llvm-pdbutil prints it (only the parts the tests compare are kept).</summary>
internal sealed class LlvmField
{
    public required string Kind { get; init; }
    public string? Name { get; set; }
    public uint? Type { get; set; }
    public long? Offset { get; set; }
    public System.Numerics.BigInteger? Value { get; set; }
    public uint? VbptrType { get; set; }
    public long? VbptrOffset { get; set; }
    public long? VtableIndex { get; set; }
}
