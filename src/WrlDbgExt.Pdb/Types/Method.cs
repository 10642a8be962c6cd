namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_ONEMETHOD, or LF_METHOD (an overload set: <paramref name="OverloadCount"/> entries in <paramref name="MethodList"/>).</summary>
/// <param name="VftableOffset">Byte offset of an introducing virtual method's slot; null otherwise.</param>
public sealed record Method(string Name, uint Type, FieldAccess Access, byte MethodProperty, int? VftableOffset,
    int OverloadCount, uint MethodList);
