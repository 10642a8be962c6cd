namespace WrlDbgExt.Core.Types;

/// <summary>A fixed-size array: <see cref="Count"/> elements of <see cref="Element"/>, <paramref name="size"/> bytes in all.</summary>
public sealed class ArrayType(DebugType element, ulong size) : DebugType
{
    public DebugType Element { get; } = element;

    public override ulong Size { get; } = size;

    public ulong Count => Element.Size == 0 ? 0 : Size / Element.Size;
}
