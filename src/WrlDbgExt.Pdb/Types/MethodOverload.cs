namespace WrlDbgExt.Pdb.Types;

/// <summary>One entry of an LF_METHODLIST (an overload of an LF_METHOD): its LF_MFUNCTION type and CV_MPROP kind.</summary>
public sealed record MethodOverload(uint Type, byte MethodProperty);
