using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Scanning;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;
using WrlDbgExt.Dumps.Minidump;

namespace WrlDbgExt.Cli.Commands;

/// <summary>How a triaged file ended: scanned, not usable as a Windows process dump, or a bug of ours while scanning it.</summary>
internal enum TriageStatus { Ok, Unreadable, Failed }

/// <summary>Why a file is unreadable, told from its bytes (stable ids in JSON).</summary>
internal enum TriageProblem { None, Missing, NotAFile, IoError, Empty, Elf, NotAMinidump, Truncated, Malformed, NotWindows, Unsupported }

/// <summary>The dump's exception record and the module its address lies in (null when in none).</summary>
internal sealed record TriageException(uint ThreadId, uint Code, ulong Address, TargetModule? Module);

/// <summary>One file's triage: identity (always the path, size and hash when readable), then the dump's facts and findings.</summary>
internal sealed record TriageResult(string Path, TriageStatus Status)
{
    public long? Size { get; init; }
    public string? Sha256 { get; init; }
    public TriageProblem Problem { get; init; }
    public string? Reason { get; init; }
    public MinidumpTarget? Facts { get; init; } // disposed; only its parsed lists and summary are read (dropped once rendered)
    public bool Truncated { get; init; }        // part of the listed memory lies beyond the end of the file
    public TriageException? Exception { get; init; }
    public int Blocks { get; init; }
    public IReadOnlyList<ScanFinding> Findings { get; init; } = [];
}

/// <summary>
/// Triage of one file, independent of every other (no shared state, so workers scale): hash it in one streaming pass,
/// open it read-only as a Windows minidump, take its identity and scan it. Nothing it meets ends the run: an unusable
/// file is an <see cref="TriageStatus.Unreadable"/> result, a failure of ours a <see cref="TriageStatus.Failed"/> one.
/// </summary>
internal static class DumpTriage
{
    private const int HashBuffer = 1 << 20;
    private const int HeadBytes = 32; // the minidump header
    private static readonly byte[] ElfMagic = [0x7F, (byte)'E', (byte)'L', (byte)'F'];

    public static TriageResult Run(string path, CancellationToken cancellation)
    {
        try
        {
            return RunUnguarded(path, cancellation);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new TriageResult(path, TriageStatus.Failed) { Reason = $"internal error: {CliErrors.OneLine(e.Message)} (a bug in wrldbg; please report it)" };
        }
    }

    private static TriageResult RunUnguarded(string path, CancellationToken cancellation)
    {
        // A FIFO would block the open below until a writer comes.
        if (FileKind.NotRegularReason(path) is { } notRegular)
            return Unreadable(path, TriageProblem.NotAFile, notRegular);
        if (Directory.Exists(path))
            return Unreadable(path, TriageProblem.NotAFile, "is a directory, not a dump file");
        byte[] head;
        long size;
        string sha256;
        try
        {
            (sha256, size, head) = Hash(path, cancellation);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Unreadable(path, TriageProblem.Missing, "no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable(path, TriageProblem.IoError, "cannot read the file: " + CliErrors.OneLine(e.Message));
        }
        var hashed = new TriageResult(path, TriageStatus.Ok) { Size = size, Sha256 = sha256 };

        MinidumpTarget target;
        try
        {
            target = MinidumpTarget.Open(path);
        }
        catch (DumpOpenException e)
        {
            return hashed with { Status = TriageStatus.Unreadable, Problem = Classify(path, head, size), Reason = e.Reason };
        }
        using (target)
        {
            cancellation.ThrowIfCancellationRequested();
            var report = TargetScanner.Scan(target, LayoutCatalog.For(target), () => cancellation.IsCancellationRequested);
            cancellation.ThrowIfCancellationRequested();
            TriageException? exception = target.Summary.Exception is { } e
                ? new(e.ThreadId, e.Code, e.Address, target.Modules.FirstOrDefault(m => m.Contains(e.Address)))
                : null;
            return hashed with
            {
                Facts = target,
                Truncated = target.Summary.Memory.Truncated,
                Exception = exception,
                Blocks = report?.Blocks.Hits.Count ?? 0,
                Findings = report?.Findings ?? [],
            };
        }
    }

    private static TriageResult Unreadable(string path, TriageProblem problem, string reason) =>
        new(path, TriageStatus.Unreadable) { Problem = problem, Reason = reason };

    /// <summary>SHA-256 of the whole file in one sequential pass, with its size and first bytes (to classify it without a second read).</summary>
    internal static (string Sha256, long Size, byte[] Head) Hash(string path, CancellationToken cancellation)
    {
        using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
            Options = FileOptions.SequentialScan, BufferSize = 0, // our buffer is large; FileStream's own would only copy
        });
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashBuffer);
        var head = new byte[HeadBytes];
        int headLength = 0;
        long size = 0;
        try
        {
            int n;
            while ((n = file.Read(buffer, 0, HashBuffer)) > 0)
            {
                cancellation.ThrowIfCancellationRequested();
                if (headLength < HeadBytes)
                {
                    int take = Math.Min(HeadBytes - headLength, n);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }
                sha.AppendData(buffer, 0, n);
                size += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size, head[..headLength]);
    }

    /// <summary>
    /// Why a file the reader refused is unusable, from its structure rather than the reader's wording: an ELF file, not a
    /// minidump at all, of another OS, lacking a stream, or unparsable because cut short (its directory or a stream runs
    /// past the end) or otherwise malformed.
    /// </summary>
    internal static TriageProblem Classify(string path, ReadOnlySpan<byte> head, long size)
    {
        if (size == 0) return TriageProblem.Empty;
        if (head.Length >= 4 && head[..4].SequenceEqual(ElfMagic)) return TriageProblem.Elf;
        bool mdmp = head.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(head) == 0x504D444D;
        if (!mdmp) return TriageProblem.NotAMinidump;
        if (head.Length < HeadBytes) return TriageProblem.Truncated;
        if ((BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) & 0xFFFF) != 0xA793) return TriageProblem.NotAMinidump;
        try
        {
            // It parses: refused for what it holds, in the order the reader checks it (so the reason matches).
            var file = MinidumpFile.Read(path);
            if (file.SystemInfo is null || file.Modules is null) return TriageProblem.Malformed;
            return file.SystemInfo.IsWindows ? TriageProblem.Unsupported : TriageProblem.NotWindows;
        }
        catch (Exception e) when (e is MinidumpFormatException or IOException or UnauthorizedAccessException)
        {
            return RunsPastTheEnd(path, head, size) is true ? TriageProblem.Truncated : TriageProblem.Malformed;
        }
    }

    /// <summary>Whether the stream directory, or a stream it lists, lies beyond the file's end; null when that cannot be read.</summary>
    private static bool? RunsPastTheEnd(string path, ReadOnlySpan<byte> head, long size)
    {
        const int EntrySize = 12; // MINIDUMP_DIRECTORY: type, data size, RVA
        uint streams = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        uint directory = BinaryPrimitives.ReadUInt32LittleEndian(head[12..]);
        if ((ulong)directory + (ulong)streams * EntrySize > (ulong)size) return true;
        if (streams > 1 << 16) return null; // implausible: malformed, not cut
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var entries = new byte[streams * EntrySize];
            if (RandomAccess.Read(handle, entries, directory) < entries.Length) return true;
            for (int i = 0; i < streams; i++)
            {
                var entry = entries.AsSpan(i * EntrySize, EntrySize);
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(entry);
                ulong end = (ulong)BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]) + BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                if (type != 0 && end > (ulong)size) return true; // type 0 is an unused entry
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
