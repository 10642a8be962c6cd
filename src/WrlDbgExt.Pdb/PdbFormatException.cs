namespace WrlDbgExt.Pdb;

/// <summary>The file is not a PDB this reader understands, or it is damaged. The message is one line.</summary>
public sealed class PdbFormatException : Exception
{
    public PdbFormatException(string message) : base(message) { }

    public PdbFormatException(string message, Exception inner) : base(message, inner) { }
}
