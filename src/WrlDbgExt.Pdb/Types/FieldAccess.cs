namespace WrlDbgExt.Pdb.Types;

/// <summary>CV_fldattr access bits 0–1.</summary>
public enum FieldAccess : byte
{
    None = 0,
    Private = 1,
    Protected = 2,
    Public = 3,
}
