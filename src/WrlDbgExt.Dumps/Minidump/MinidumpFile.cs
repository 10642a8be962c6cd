namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// The parts of a minidump file that ClrMD does not expose, parsed eagerly and bounds-checked: header,
/// stream directory, system info, modules (with version and PDB identity), memory ranges, threads,
/// thread names, exception and misc info. Where a stream type repeats, the first one counts (memory lists
/// excepted: all are read).
/// </summary>
/// <remarks>
/// Only what nothing else can stand in for is fatal (<see cref="MinidumpFormatException"/>): the header,
/// the stream directory, the system-info stream, the module list's entry array and the memory lists'
/// descriptors. A damaged side record (a name, a CodeView record, the service-pack string, the thread
/// list, a thread name, the exception or misc-info stream) costs only itself and adds a line to
/// <see cref="Warnings"/>, as WinDbg too opens such dumps.
/// </remarks>
public sealed class MinidumpFile
{
    private MinidumpFile(MinidumpInput input)
    {
        var warnings = new List<string>();
        Header = MinidumpHeader.Read(input);
        Directory = ReadDirectory(input, Header);

        if (Find(MinidumpStreamType.SystemInfo) is { } system)
            SystemInfo = MinidumpSystemInfo.Read(input, system, warnings);
        if (Find(MinidumpStreamType.ModuleList) is { } modules)
            Modules = MinidumpModule.ReadList(input, modules, warnings);
        Memory = MinidumpMemoryRange.ReadAll(input, Directory);

        if (Find(MinidumpStreamType.ThreadList) is { } threads)
            Threads = Side(() => MinidumpThread.ReadList(input, threads, SystemInfo?.ProcessorArchitecture), warnings, "the threads are unknown");
        if (Find(MinidumpStreamType.ThreadNames) is { } names)
            ThreadNames = Side(() => MinidumpThreadName.ReadList(input, names, warnings), warnings, "the thread names are unknown");
        if (Find(MinidumpStreamType.Exception) is { } exception)
            Exception = Side(() => MinidumpExceptionRecord.Read(input, exception, warnings), warnings, "the exception record is unknown");
        if (Find(MinidumpStreamType.MiscInfo) is { } misc)
            MiscInfo = Side(() => MinidumpMiscInfo.Read(input, misc), warnings, "the process id is unknown");

        MemorySummary = MemorySummary.Of(this);
        if (MemorySummary.TruncationWarning is { } truncated)
            warnings.Add(truncated);
        Warnings = warnings.Select(w => PrintableText.Sanitize(w)).ToArray();
    }

    public MinidumpHeader Header { get; }

    public IReadOnlyList<MinidumpDirectoryEntry> Directory { get; }

    /// <summary>Null when the dump has no system-info stream.</summary>
    public MinidumpSystemInfo? SystemInfo { get; }

    /// <summary>Null when the dump has no module-list stream (an empty stream gives an empty list).</summary>
    public IReadOnlyList<MinidumpModule>? Modules { get; }

    /// <summary>Captured memory ranges of every memory list, in address order (empty when there are none).</summary>
    public IReadOnlyList<MinidumpMemoryRange> Memory { get; }

    public MemorySummary MemorySummary { get; }

    /// <summary>Null when the dump has no thread-list stream or it is damaged (see <see cref="Warnings"/>).</summary>
    public IReadOnlyList<MinidumpThread>? Threads { get; }

    /// <summary>Null when the dump has no thread-name stream or it is damaged; damaged entries are left out.</summary>
    public IReadOnlyList<MinidumpThreadName>? ThreadNames { get; }

    /// <summary>Null when the dump has no exception stream or it is damaged.</summary>
    public MinidumpExceptionRecord? Exception { get; }

    /// <summary>Null when the dump has no misc-info stream or it is damaged.</summary>
    public MinidumpMiscInfo? MiscInfo { get; }

    /// <summary>One printable line per damaged side record or truncation, in the order they were met; empty for a sound dump.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Parses a dump held in memory (tests, or bytes from elsewhere).</summary>
    public static MinidumpFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var input = MinidumpInput.FromBytes(bytes);
        return new MinidumpFile(input);
    }

    /// <summary>
    /// Parses a dump file, reading only the structures it needs. File-system errors surface as the
    /// usual <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/>; a FIFO, device or socket
    /// is refused with an <see cref="IOException"/> before it is opened (opening could block).
    /// </summary>
    public static MinidumpFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var input = MinidumpInput.OpenFile(path);
        return new MinidumpFile(input);
    }

    /// <summary>The first stream of the given type, or null.</summary>
    public MinidumpDirectoryEntry? Find(uint streamType) =>
        Directory.FirstOrDefault(d => d.StreamType == streamType);

    /// <summary>Reads a stream the dump stays usable without; its damage becomes a warning.</summary>
    private static T? Side<T>(Func<T> read, List<string> warnings, string consequence) where T : class
    {
        try
        {
            return read();
        }
        catch (MinidumpFormatException ex)
        {
            warnings.Add($"{ex.Message}; {consequence}");
            return null;
        }
    }

    private static IReadOnlyList<MinidumpDirectoryEntry> ReadDirectory(MinidumpInput input, MinidumpHeader header)
    {
        // Checked against the file before allocating, so a huge count cannot exhaust memory.
        var raw = input.Read(header.StreamDirectoryRva, (ulong)header.NumberOfStreams * MinidumpDirectoryEntry.Size,
            $"stream directory ({header.NumberOfStreams} entries)");
        var entries = new MinidumpDirectoryEntry[header.NumberOfStreams];
        for (int i = 0; i < entries.Length; i++)
            entries[i] = MinidumpDirectoryEntry.Parse(raw.AsSpan(i * MinidumpDirectoryEntry.Size, MinidumpDirectoryEntry.Size));
        return entries;
    }
}
