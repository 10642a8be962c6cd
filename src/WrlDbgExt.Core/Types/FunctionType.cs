namespace WrlDbgExt.Core.Types;

/// <summary>A function type (what a function pointer points to): its return type's C spelling, e.g. <c>int</c>.</summary>
public sealed class FunctionType(string returnTypeName) : DebugType
{
    public string ReturnTypeName { get; } = returnTypeName;

    public override ulong Size => 0;
}
