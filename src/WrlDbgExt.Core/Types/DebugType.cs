namespace WrlDbgExt.Core.Types;

/// <summary>
/// A program's type as a debugger sees it (from a PDB, or from a built-in layout): what <c>dt</c> walks. Hosts
/// build these lazily; members of classes and pointees are resolved on first use, so cyclic types are fine.
/// </summary>
public abstract class DebugType
{
    /// <summary>Bytes of a value of the type (0 for void and functions).</summary>
    public abstract ulong Size { get; }
}
