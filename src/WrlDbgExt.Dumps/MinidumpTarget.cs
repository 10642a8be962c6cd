using Microsoft.Diagnostics.Runtime;
using Microsoft.Win32.SafeHandles;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps.Minidump;
using ClrArchitecture = System.Runtime.InteropServices.Architecture;

namespace WrlDbgExt.Dumps;

/// <summary>
/// A Windows process minidump (x86, x64 or ARM64) opened on any OS. Memory comes straight from the file, at the
/// offsets our own parse of the memory lists gives, with ClrMD's reader behind it where the file cannot be opened a
/// second time (loaded then, not before: loading it costs a start-up a third of `wrldbg weak`'s); modules, threads
/// and the summary come from our own parse, because ClrMD exposes neither module versions nor PDB identities nor
/// the exception stream, and calls every minidump a Windows one.
/// </summary>
public sealed class MinidumpTarget : ITargetMemory, IModuleList, IThreadList, IThreadRegisters, IMemoryRegions, IDisposable
{
    private const ulong X86AddressLimit = 0x1_0000_0000;

    private readonly Lazy<DataTarget?> _clrmd; // the fallback reader; null when ClrMD cannot load the dump or disagrees
    private readonly object _clrmdLock = new();
    private readonly MemoryRegion[] _regions; // sorted by start, as the memory lists were
    private readonly ulong[] _maxEnd;         // highest End among _regions[0..i], to find overlapping ranges
    private readonly ulong[] _fileOffsets;    // where _regions[i]'s bytes lie in the file
    private readonly Lazy<SafeFileHandle?> _bulk;
    private readonly Lazy<FilePageCache?> _pages; // small reads' pages (decoders); a scan's chunks bypass it
    private volatile bool _disposed;

    private MinidumpTarget(string path, TargetArchitecture architecture, MinidumpFile file)
    {
        Path = path;
        _clrmd = new(() => LoadClrMD(path, architecture));
        DumpFile = file;
        Architecture = architecture;
        PointerSize = architecture.PointerSize();
        Modules = new ModuleTable(file.Modules!.Select(m => m.ToTargetModule()));
        Threads = BuildThreads(file);
        foreach (var t in file.Threads ?? [])
            if (t.Registers is { } registers)
                _registers.TryAdd(t.ThreadId, [.. registers.Select(r => new ThreadRegister(r.Name, r.Value))]);
        _regions = file.Memory.Select(r => new MemoryRegion(r.Start, r.Size, r.BytesInFile)).ToArray();
        _fileOffsets = file.Memory.Select(r => r.FileOffset).ToArray();
        _bulk = new(() => OpenBulk(path));
        _pages = new(() => _bulk.Value is { } h ? new FilePageCache(h) : null);
        _maxEnd = new ulong[_regions.Length];
        for (int i = 0; i < _regions.Length; i++)
            _maxEnd[i] = Math.Max(_regions[i].End, i > 0 ? _maxEnd[i - 1] : 0);
        Summary = new DumpSummary(
            file.Header.Timestamp,
            file.Header.Flags,
            file.SystemInfo!,
            file.MiscInfo?.ProcessId,
            file.Exception,
            Threads.Count,
            Modules.Count,
            file.MemorySummary);
    }

    public string Path { get; }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    public IReadOnlyList<TargetModule> Modules { get; }

    public IReadOnlyList<TargetThread> Threads { get; }

    /// <summary>From each thread's CONTEXT record (the thread list's, not the exception's).</summary>
    public IReadOnlyList<ThreadRegister>? Registers(uint threadId) =>
        _registers.TryGetValue(threadId, out var registers) ? registers : null;

    private readonly Dictionary<uint, IReadOnlyList<ThreadRegister>> _registers = [];

    public DumpSummary Summary { get; }

    /// <summary>The memory lists' ranges in address order; a range the file was cut inside has BytesAvailable &lt; Size.</summary>
    public IReadOnlyList<MemoryRegion> Regions => _regions;

    /// <summary>Reads at file offsets (and ClrMD's, under a lock where it is not thread-safe) may overlap.</summary>
    public bool ReadsConcurrently => true;

    /// <summary>Damaged side records and truncation, one line each (see <see cref="MinidumpFile.Warnings"/>).</summary>
    public IReadOnlyList<string> Warnings => DumpFile.Warnings;

    /// <summary>Everything our own parse found (product versions, thread contexts' locations, directory...).</summary>
    public MinidumpFile DumpFile { get; }

    /// <summary>
    /// Opens a minidump of a Windows process. Every failure (missing or unreadable file, not a minidump,
    /// truncated or malformed, not Windows, unsupported processor) is a <see cref="DumpOpenException"/>.
    /// </summary>
    public static MinidumpTarget Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = ParseOrExplain(path);

        var system = file.SystemInfo ?? throw new DumpOpenException(path, "no system-info stream");
        if (file.Modules is null)
            throw new DumpOpenException(path, "no module-list stream");
        if (!system.IsWindows)
            throw new DumpOpenException(path, NotWindowsReason(system));
        var architecture = MapArchitecture(system.ProcessorArchitecture)
            ?? throw new DumpOpenException(path,
                $"processor architecture {system.ProcessorArchitectureName} (id 0x{system.ProcessorArchitecture:X}) is not supported; x86, x64 and ARM64 are");

        return new MinidumpTarget(path, architecture, file);
    }

    /// <summary>
    /// Reads the captured bytes straight from the file, range by range (ClrMD only when the file cannot be opened
    /// a second time). Partial reads return the honest count; on x86 nothing at or above 4 GiB is readable;
    /// failures read as 0 bytes rather than escaping. In a truncated dump a read stops where the file ends.
    /// </summary>
    public int Read(ulong address, Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
            return 0;

        ulong limit = Architecture == TargetArchitecture.X86 ? X86AddressLimit - 1 : ulong.MaxValue;
        if (address > limit)
            return 0;
        ulong room = limit - address; // bytes after the first one
        if ((ulong)buffer.Length - 1 > room)
            buffer = buffer[..(int)(room + 1)];

        // ClrMD returns 0, not the bytes before the cut, for a read that runs past the end of a truncated
        // file: ask it only for the bytes the file holds.
        ulong run = AvailableRun(address, (ulong)buffer.Length);
        if (run == 0)
            return 0;
        buffer = buffer[..(int)run];
        if (ReadDirect(address, buffer) is { } direct)
            return direct;

        if (_clrmd.Value is not { } clrmd)
            return 0;
        int read;
        try
        {
            lock (_clrmdLock)
                read = clrmd.DataReader.Read(address, buffer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return 0; // the contract: unreadable memory never throws
        }
        return Math.Clamp(read, 0, buffer.Length);
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (_clrmd.IsValueCreated)
            _clrmd.Value?.Dispose();
        if (_bulk.IsValueCreated)
            _bulk.Value?.Dispose();
    }

    /// <summary>
    /// The bytes of <paramref name="buffer"/> (already cut to what the file holds), one pread per range they span,
    /// from the range ClrMD would pick. Why not ClrMD: its reader returned nothing at all from a dump holding a
    /// range of 4 GiB (BulkReadTests), and scans read megabytes that its cache would only copy. Null when the file
    /// cannot be opened again.
    /// </summary>
    private int? ReadDirect(ulong address, Span<byte> buffer)
    {
        if (_bulk.Value is not { } handle)
            return null;
        int done = 0;
        try
        {
            while (done < buffer.Length && FindRegionIndex(address + (ulong)done) is int i)
            {
                var region = _regions[i];
                ulong offset = address + (ulong)done - region.Start;
                if (offset >= region.BytesAvailable)
                    break;
                int take = (int)Math.Min(region.BytesAvailable - offset, (ulong)(buffer.Length - done));
                long at = (long)(_fileOffsets[i] + offset);
                int n = 0;
                if (take <= FilePageCache.MaxCachedRead && _pages.Value is { } pages)
                    n = pages.Read(at, buffer.Slice(done, take));
                else
                {
                    while (n < take)
                    {
                        int got = RandomAccess.Read(handle, buffer.Slice(done + n, take - n), at + n);
                        if (got <= 0)
                            break;
                        n += got;
                    }
                }
                done += n;
                if (n < take)
                    break;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return done;
    }

    private static SafeFileHandle? OpenBulk(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>How many of the <paramref name="wanted"/> bytes from <paramref name="address"/> the file holds, across adjacent ranges.</summary>
    private ulong AvailableRun(ulong address, ulong wanted)
    {
        ulong run = 0;
        while (run < wanted && FindRegion(address + run) is { } region)
        {
            ulong at = address + run, offset = at - region.Start;
            if (offset >= region.BytesAvailable)
                break; // listed, but cut off
            ulong take = Math.Min(region.BytesAvailable - offset, wanted - run);
            run += take;
            if (at + take < at)
                break; // the top of the address space
        }
        return run;
    }

    /// <summary>The first range (in start order) holding <paramref name="address"/>, as ClrMD picks it.</summary>
    private MemoryRegion? FindRegion(ulong address) => FindRegionIndex(address) is int i ? _regions[i] : null;

    private int? FindRegionIndex(ulong address)
    {
        int lo = 0, hi = _regions.Length - 1, last = -1; // last: highest index whose range starts at or below address
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_regions[mid].Start <= address) { last = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        int? found = null;
        for (int i = last; i >= 0 && _maxEnd[i] > address; i--)
        {
            if (_regions[i].Contains(address))
                found = i;
        }
        return found;
    }

    private static MinidumpFile ParseOrExplain(string path)
    {
        if (Directory.Exists(path))
            throw new DumpOpenException(path, "is a directory, not a dump file");
        if (FileKind.NotRegularReason(path) is { } notRegular)
            throw new DumpOpenException(path, notRegular);
        try
        {
            return MinidumpFile.Read(path);
        }
        catch (MinidumpFormatException ex)
        {
            throw new DumpOpenException(path, ex.Message, ex);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DumpOpenException(path, "no such file", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DumpOpenException(path, "cannot read the file (access denied)", ex);
        }
        catch (IOException ex)
        {
            throw new DumpOpenException(path, "cannot read the file: " + OneLine(ex.Message), ex);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new DumpOpenException(path, "not a usable file path", ex); // empty, or holds a NUL
        }
    }

    /// <summary>ClrMD's reader of the dump, when it loads it and reads it as our parse does (architecture, pointer size); else null.</summary>
    private static DataTarget? LoadClrMD(string path, TargetArchitecture architecture)
    {
        DataTarget? clrmd = null;
        try
        {
            clrmd = DataTarget.LoadDump(path);
            var reader = clrmd.DataReader;
            TargetArchitecture? theirs = reader.Architecture switch
            {
                ClrArchitecture.X86 => TargetArchitecture.X86,
                ClrArchitecture.X64 => TargetArchitecture.X64,
                ClrArchitecture.Arm64 => TargetArchitecture.Arm64,
                _ => null,
            };
            if (theirs == architecture && reader.PointerSize == architecture.PointerSize())
                return clrmd;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever ClrMD throws on a dump our parse accepted: it is only the fallback, and reads then return 0.
        }
        clrmd?.Dispose();
        return null;
    }

    private static TargetArchitecture? MapArchitecture(ushort architecture) => architecture switch
    {
        MinidumpPlatform.ArchitectureX86 => TargetArchitecture.X86,
        MinidumpPlatform.ArchitectureAmd64 => TargetArchitecture.X64,
        MinidumpPlatform.ArchitectureArm64 => TargetArchitecture.Arm64,
        _ => null,
    };

    private static string NotWindowsReason(MinidumpSystemInfo system)
    {
        string kind = MinidumpPlatform.IsBreakpad(system.PlatformId) ? "Breakpad platform id" : "platform id";
        string what = system.PlatformName == "unknown" ? "minidump of an unknown platform" : $"{system.PlatformName} minidump";
        return $"a {what} ({kind} 0x{system.PlatformId:X}), not of a Windows process";
    }

    private static IReadOnlyList<TargetThread> BuildThreads(MinidumpFile file)
    {
        var names = new Dictionary<uint, string>();
        foreach (var name in file.ThreadNames ?? [])
            names.TryAdd(name.ThreadId, name.Name);
        return (file.Threads ?? [])
            .Select(t => new TargetThread(t.ThreadId, t.Teb, t.StackStart, t.StackSize, names.GetValueOrDefault(t.ThreadId), t.StackPointer))
            .ToArray();
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
