namespace WrlDbgExt.Core.Decoders;

/// <summary>What was learned by reading the target object (only ever read when it is alive).</summary>
/// <param name="Address">The target's IUnknown address.</param>
/// <param name="Readable">Whether the target's first pointer could be read at all.</param>
/// <param name="VfTable">Its first vfptr, when readable.</param>
/// <param name="VfTableSymbol">Symbol of that vfptr, when the host has symbols.</param>
/// <param name="VfTableModule">Module whose image holds the vfptr, when modules are known.</param>
/// <param name="BackLinkOffset">Offset from the target of its word that links to this block, if found (negative for C++/WinRT, whose word precedes the identity).</param>
public sealed record TargetObjectInfo(
    ulong Address,
    bool Readable,
    ulong? VfTable,
    string? VfTableSymbol,
    string? VfTableModule,
    int? BackLinkOffset);
