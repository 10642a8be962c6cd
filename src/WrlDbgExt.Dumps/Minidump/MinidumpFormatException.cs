namespace WrlDbgExt.Dumps.Minidump;

/// <summary>The minidump file is truncated or malformed. The message is one printable line.</summary>
public sealed class MinidumpFormatException : Exception
{
    public MinidumpFormatException(string message)
        : base(PrintableText.Sanitize(message))
    {
    }
}
