namespace WrlDbgExt.Cli;

/// <summary>
/// Where Ctrl+C goes. By default it cancels the whole run (exit 130); <c>wrldbg analyze</c> at its prompt takes it
/// for the running command only, so the session stays.
/// </summary>
public static class CliInterrupt
{
    private static Action? _handler;

    /// <summary>Sends Ctrl+C to <paramref name="handler"/> until the returned scope is disposed.</summary>
    public static IDisposable Redirect(Action handler)
    {
        var previous = Interlocked.Exchange(ref _handler, handler);
        return new Scope(previous);
    }

    /// <summary>True when a redirect took the interrupt; false when the caller should cancel the run.</summary>
    public static bool Raise()
    {
        if (Volatile.Read(ref _handler) is not { } handler) return false;
        handler();
        return true;
    }

    private sealed class Scope(Action? previous) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref _handler, previous);
    }
}
