namespace WrlDbgExt.Core.Types;

/// <summary>
/// A member function (one overload): <paramref name="DisplayName"/> as the engine names it (qualified with its
/// class where the program defines it, else the bare name), its return type and parameters without <c>this</c>.
/// </summary>
public sealed record MethodEntry(string DisplayName, DebugType ReturnType, IReadOnlyList<DebugType> Parameters) : UdtEntry;
