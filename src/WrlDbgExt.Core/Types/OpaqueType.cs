namespace WrlDbgExt.Core.Types;

/// <summary>A type the host could name but not describe (an unknown record).</summary>
public sealed class OpaqueType(string name, ulong size) : DebugType
{
    public string Name { get; } = name;

    public override ulong Size { get; } = size;
}
