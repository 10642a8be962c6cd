namespace WrlDbgExt.Core.Types;

/// <summary>A pointer or reference of <paramref name="size"/> bytes; the pointee is resolved when first needed.</summary>
public sealed class PointerType(Func<DebugType> pointee, int size, bool isReference = false) : DebugType
{
    /// <summary>A C++ reference (<c>T&amp;</c>, <c>T&amp;&amp;</c>): dt prints it as a pointer.</summary>
    public bool IsReference { get; } = isReference;

    private readonly Lazy<DebugType> _pointee = new(pointee);

    public DebugType Pointee => _pointee.Value;

    public override ulong Size { get; } = (ulong)size;
}
