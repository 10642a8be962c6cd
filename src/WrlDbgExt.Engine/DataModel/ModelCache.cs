namespace WrlDbgExt.Engine.DataModel;

/// <summary>
/// Verdicts the models computed, by decoder and address: one <c>dx</c> reads several properties of one object, each
/// asking the same decoder. Dropped on every DebugExtensionNotify (the target ran, or the session changed), so a
/// live target's values are read afresh after each break; bounded so a long session cannot grow it without end.
/// </summary>
internal static class ModelCache
{
    private const int MaxEntries = 4096;
    private static readonly Dictionary<(string What, ulong Address), object?> Entries = [];

    public static T GetOrAdd<T>(string what, ulong address, Func<T> compute)
    {
        lock (Entries)
            if (Entries.TryGetValue((what, address), out var known)) return (T)known!;
        var value = compute();
        lock (Entries)
        {
            if (Entries.Count >= MaxEntries) Entries.Clear();
            Entries[(what, address)] = value;
        }
        return value;
    }

    public static void Clear()
    {
        lock (Entries) Entries.Clear();
    }
}
