namespace WrlDbgExt.Dumps;

/// <summary>
/// A dump could not be opened as a Windows process dump. <see cref="Exception.Message"/> is one printable
/// line, <c>&lt;file&gt;: &lt;reason&gt;</c>, fit to show a user as is.
/// </summary>
public sealed class DumpOpenException : Exception
{
    public DumpOpenException(string path, string reason, Exception? inner = null)
        : base(PrintableText.Sanitize($"{path}: {reason}"), inner)
    {
        DumpPath = path;
        Reason = PrintableText.Sanitize(reason);
    }

    /// <summary>The path as given to <see cref="MinidumpTarget.Open"/>.</summary>
    public string DumpPath { get; }

    /// <summary>The message without the path.</summary>
    public string Reason { get; }
}
