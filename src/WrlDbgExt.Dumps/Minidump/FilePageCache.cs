using Microsoft.Win32.SafeHandles;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// The file's most recently read 4 KiB pages, for the small reads decoders make (a block's fields, a vtable slot, a
/// back-link): a scan decodes tens of thousands of candidates, each with a score of reads into the same page or two,
/// and one system call per page instead of per read is what keeps their cost below the scan's (docs/debugger-engine.md
/// §17). Direct-mapped, so a lookup is one compare; safe for concurrent readers (one lock, held for a copy).
/// </summary>
internal sealed class FilePageCache
{
    public const int PageBytes = 4096;

    /// <summary>Reads at most this long go through the cache; longer ones (a scan's chunks) go straight to the file.</summary>
    public const int MaxCachedRead = 2 * PageBytes;

    private const int Slots = 256; // 1 MiB

    private readonly SafeFileHandle _file;
    private readonly byte[]?[] _pages = new byte[Slots][]; // each made on first use: a small dump touches a few
    private readonly long[] _tags = new long[Slots];   // page number held by each slot, -1 for none
    private readonly int[] _lengths = new int[Slots];  // bytes of it the file holds (short at the end of the file)
    private readonly object _lock = new();

    public FilePageCache(SafeFileHandle file)
    {
        _file = file;
        Array.Fill(_tags, -1L);
    }

    /// <summary>Bytes from <paramref name="offset"/> into <paramref name="buffer"/>; fewer at the end of the file.</summary>
    public int Read(long offset, Span<byte> buffer)
    {
        int done = 0;
        lock (_lock)
        {
            while (done < buffer.Length)
            {
                long at = offset + done, page = at / PageBytes;
                int slot = (int)(page % Slots), within = (int)(at - page * PageBytes);
                var bytes = _pages[slot] ??= new byte[PageBytes];
                if (_tags[slot] != page)
                {
                    _tags[slot] = -1; // a failed read leaves the slot empty
                    _lengths[slot] = Fill(bytes, page * PageBytes);
                    _tags[slot] = page;
                }
                int take = Math.Min(_lengths[slot] - within, buffer.Length - done);
                if (take <= 0) break;
                bytes.AsSpan(within, take).CopyTo(buffer[done..]);
                done += take;
                if (_lengths[slot] < PageBytes) break; // the end of the file
            }
        }
        return done;
    }

    private int Fill(Span<byte> page, long offset)
    {
        int n = 0;
        while (n < page.Length)
        {
            int got = RandomAccess.Read(_file, page[n..], offset + n);
            if (got <= 0) break;
            n += got;
        }
        return n;
    }
}
