namespace WrlDbgExt.Cli.Analyze;

/// <summary>
/// The prompt's history: one line per entry, the newest last, at most <see cref="Cap"/> entries, kept in a file
/// (<see cref="DefaultPath"/>) so the next session has it. A history that cannot be read or written is simply not kept.
/// </summary>
internal sealed class LineHistory
{
    public const int Cap = 1000;

    private readonly List<string> _entries = [];
    private readonly string? _path;

    public LineHistory(string? path)
    {
        _path = path;
        if (path is null) return;
        try
        {
            if (File.Exists(path))
                _entries.AddRange(File.ReadAllLines(path).Where(l => l.Length > 0).TakeLast(Cap));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable history starts empty.
        }
    }

    public int Count => _entries.Count;

    public string this[int index] => _entries[index];

    /// <summary>Appends a line (not an empty one, nor a repeat of the last) and saves.</summary>
    public void Add(string line)
    {
        line = line.TrimEnd();
        if (string.IsNullOrWhiteSpace(line) || line.Contains('\n') || (_entries.Count > 0 && _entries[^1] == line)) return;
        _entries.Add(line);
        if (_entries.Count > Cap) _entries.RemoveRange(0, _entries.Count - Cap);
        if (_path is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            // Written whole through a temporary file, so two sessions never leave half a file.
            var temporary = _path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllLines(temporary, _entries);
            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not kept this time; the session goes on.
        }
    }

    /// <summary>
    /// <c>$XDG_STATE_HOME/wrldbg/analyze_history</c>, else <c>~/.local/state/wrldbg/analyze_history</c>; on Windows under
    /// the local application data folder. Null when there is no home.
    /// </summary>
    public static string? DefaultPath()
    {
        const string file = "analyze_history";
        if (OperatingSystem.IsWindows())
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return local.Length == 0 ? null : Path.Combine(local, "wrldbg", file);
        }
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (!string.IsNullOrEmpty(state) && Path.IsPathRooted(state)) return Path.Combine(state, "wrldbg", file);
        var home = Environment.GetEnvironmentVariable("HOME");
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".local", "state", "wrldbg", file);
    }
}
