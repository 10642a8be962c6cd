namespace WrlDbgExt.Core.Targets;

/// <summary>
/// Opt-in capability: sizes and member offsets of any type the target's symbols describe (<c>module!Type</c>), base
/// classes' members included — what <c>obj</c> needs to find a class's count word where a PDB has types.
/// </summary>
public interface ITypeMembers
{
    bool TryGetTypeSize(string qualifiedType, out uint size);

    bool TryGetFieldOffset(string qualifiedType, string field, out uint offset);
}
