namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// The parts of a minidump file that ClrMD does not expose, parsed eagerly and bounds-checked: header,
/// stream directory, system info, modules (with version and PDB identity), threads, thread names,
/// exception and misc info. Where a stream type repeats, the first one counts. Any offset or length
/// outside the file raises <see cref="MinidumpFormatException"/>.
/// </summary>
public sealed class MinidumpFile
{
    private MinidumpFile(MinidumpInput input)
    {
        Header = MinidumpHeader.Read(input);
        Directory = ReadDirectory(input, Header);

        if (Find(MinidumpStreamType.SystemInfo) is { } system)
            SystemInfo = MinidumpSystemInfo.Read(input, system);
        if (Find(MinidumpStreamType.ModuleList) is { } modules)
            Modules = MinidumpModule.ReadList(input, modules);
        if (Find(MinidumpStreamType.ThreadList) is { } threads)
            Threads = MinidumpThread.ReadList(input, threads);
        if (Find(MinidumpStreamType.ThreadNames) is { } names)
            ThreadNames = MinidumpThreadName.ReadList(input, names);
        if (Find(MinidumpStreamType.Exception) is { } exception)
            Exception = MinidumpExceptionRecord.Read(input, exception);
        if (Find(MinidumpStreamType.MiscInfo) is { } misc)
            MiscInfo = MinidumpMiscInfo.Read(input, misc);
    }

    public MinidumpHeader Header { get; }

    public IReadOnlyList<MinidumpDirectoryEntry> Directory { get; }

    /// <summary>Null when the dump has no system-info stream.</summary>
    public MinidumpSystemInfo? SystemInfo { get; }

    /// <summary>Null when the dump has no module-list stream (an empty stream gives an empty list).</summary>
    public IReadOnlyList<MinidumpModule>? Modules { get; }

    /// <summary>Null when the dump has no thread-list stream.</summary>
    public IReadOnlyList<MinidumpThread>? Threads { get; }

    /// <summary>Null when the dump has no thread-name stream.</summary>
    public IReadOnlyList<MinidumpThreadName>? ThreadNames { get; }

    public MinidumpExceptionRecord? Exception { get; }

    public MinidumpMiscInfo? MiscInfo { get; }

    /// <summary>Parses a dump held in memory (tests, or bytes from elsewhere).</summary>
    public static MinidumpFile Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var input = MinidumpInput.FromBytes(bytes);
        return new MinidumpFile(input);
    }

    /// <summary>
    /// Parses a dump file, reading only the structures it needs. File-system errors surface as the
    /// usual <see cref="IOException"/>/<see cref="UnauthorizedAccessException"/>.
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
