namespace WrlDbgExt.Pdb.Symbols;

/// <summary>What a record of the globals stream names.</summary>
public enum GlobalRecordKind
{
    /// <summary>S_UDT: a type's name (classes, structs, unions, typedefs; not enums).</summary>
    TypeName,

    /// <summary>S_PROCREF / S_LPROCREF, resolved to the procedure it refers to.</summary>
    Procedure,

    /// <summary>S_GDATA32 / S_LDATA32.</summary>
    Data,
}

/// <summary>One record of the globals stream, in the stream's hash order (the order the engine lists matches in).</summary>
/// <param name="Rva">Where a procedure or data starts; null for type names and for references that lead nowhere.</param>
public sealed record GlobalRecord(GlobalRecordKind Kind, string Name, uint? Rva);
