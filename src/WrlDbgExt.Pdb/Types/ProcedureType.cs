namespace WrlDbgExt.Pdb.Types;

/// <summary>LF_PROCEDURE, or LF_MFUNCTION when <paramref name="ClassType"/> is not 0.</summary>
public sealed record ProcedureType(uint Index, uint ReturnType, uint ClassType, uint ThisType, byte CallingConvention,
    ushort ParameterCount, uint ArgumentList) : PdbType(Index);
