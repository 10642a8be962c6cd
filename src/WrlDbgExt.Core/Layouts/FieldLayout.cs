namespace WrlDbgExt.Core.Layouts;

/// <summary>One field of a flattened type, at its offset from the start of the object.</summary>
public sealed record FieldLayout(string Name, uint Offset, FieldType Type);
