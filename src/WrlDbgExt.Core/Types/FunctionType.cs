namespace WrlDbgExt.Core.Types;

/// <summary>
/// A function type (what a function pointer points to): its return type's C spelling (<c>int</c>) and its
/// parameters' types, resolved when first needed.
/// </summary>
public sealed class FunctionType(string returnTypeName, Func<IReadOnlyList<DebugType>>? parameters = null) : DebugType
{
    private readonly Lazy<IReadOnlyList<DebugType>> _parameters = new(parameters ?? (() => []));

    public string ReturnTypeName { get; } = returnTypeName;

    public IReadOnlyList<DebugType> Parameters => _parameters.Value;

    public override ulong Size => 0;
}
