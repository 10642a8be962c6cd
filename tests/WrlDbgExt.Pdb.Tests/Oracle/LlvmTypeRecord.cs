namespace WrlDbgExt.Pdb.Tests.Oracle;

/// <summary>One record of `llvm-pdbutil dump -types`.</summary>
internal sealed class LlvmTypeRecord
{
    public required uint Index { get; init; }
    public required string Leaf { get; init; }
    public string? Name { get; init; }
    public string? UniqueName { get; set; }
    public ulong? Size { get; set; }
    public uint? FieldList { get; set; }
    public bool IsForwardReference { get; set; }
    /// <summary>What llvm resolved a forward reference to ("-> 0x…"; itself when it printed "= 0x…").</summary>
    public uint? ForwardTarget { get; set; }
    public int? BitOffset { get; set; }
    public int? BitCount { get; set; }
    public List<LlvmField> Fields { get; } = [];
    /// <summary>The record's own detail lines (not its fields), trimmed.</summary>
    public List<string> Details { get; } = [];
}
