using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Holders;

/// <summary>An address range a holder may point into: [Start, Start + Size).</summary>
public readonly record struct WantedRange(ulong Start, ulong Size)
{
    public bool Contains(ulong value) => value - Start < Size;
}

/// <summary>One aligned pointer-sized word whose value lies in a wanted range.</summary>
/// <param name="Address">Where the word is.</param>
/// <param name="Value">Its value.</param>
/// <param name="Range">Index of the first wanted range holding the value.</param>
public readonly record struct PointerHit(ulong Address, ulong Value, int Range);

/// <param name="Hits">Hits in address order (at most <see cref="PointerScanner.MaxHits"/>).</param>
/// <param name="TotalHits">Every hit found, also those past the cap.</param>
/// <param name="Regions">Ranges the target lists (after merging overlaps).</param>
/// <param name="BytesListed">Bytes those ranges list.</param>
/// <param name="BytesSearched">Bytes read and compared.</param>
/// <param name="BytesMissing">Listed bytes not there to read: beyond the end of a truncated file, or unreadable.</param>
/// <param name="Cancelled">The scan stopped early on request.</param>
public sealed record ScanResult(
    IReadOnlyList<PointerHit> Hits,
    long TotalHits,
    int Regions,
    ulong BytesListed,
    ulong BytesSearched,
    ulong BytesMissing,
    bool Cancelled);

/// <summary>How a scan walks memory, beyond the ranges it looks for.</summary>
/// <param name="ReadAhead">Read the next chunk on a second thread while this one is searched, where the target allows it
/// (<see cref="IMemoryRegions.ReadsConcurrently"/>); hits still arrive on the caller's thread, in address order.</param>
/// <param name="Below">Only memory below this address is read.</param>
/// <param name="Also">A second search over the same bytes, whose ranges may grow while the scan runs.</param>
public sealed record PointerScanOptions(bool ReadAhead = false, ulong Below = ulong.MaxValue, GrowingSearch? Also = null)
{
    public static PointerScanOptions Default { get; } = new();
}

/// <summary>
/// A search whose ranges a hit's callback may add to while the scan runs: each chunk is searched for the ranges known
/// once the main search has been through it, so a range added while the chunk at C is searched applies from C on
/// (and a caller that records C knows which words before it were never compared).
/// </summary>
/// <param name="onHit">Given each word whose value lies in one of the ranges; <see cref="PointerHit.Range"/> indexes <see cref="Ranges"/>.</param>
public sealed class GrowingSearch(Action<PointerHit> onHit)
{
    private readonly List<WantedRange> _ranges = [];
    private PointerScanner.WordMatcher? _matcher;

    public IReadOnlyList<WantedRange> Ranges => _ranges;

    public void Add(WantedRange range)
    {
        _ranges.Add(range);
        _matcher = null;
    }

    internal void Words(ReadOnlySpan<byte> bytes, ulong address, int ptr)
    {
        if (_ranges.Count == 0) return;
        _matcher ??= new PointerScanner.WordMatcher(_ranges, ptr, onHit);
        _matcher.Words(bytes, address);
    }
}

/// <summary>
/// Searches every captured byte of a target for aligned pointer-sized words pointing into a few ranges.
/// Reads large chunks into one pooled buffer and tests 256- (else 128-) bit vectors of words against a few envelopes
/// of the ranges with one subtract and one unsigned compare each ((v − start) &lt; size), looking a word up exactly
/// only inside an envelope, so the scan runs near the speed the bytes can be read whatever the number of ranges.
/// </summary>
public static class PointerScanner
{
    /// <summary>1 MiB: large enough for few reads, small enough to stay in the cache while it is compared.</summary>
    public const int DefaultChunkBytes = 1 << 20;

    /// <summary>Hits kept; a pointer held this often is not a leak hunt's answer and the rest are counted only.</summary>
    public const int MaxHits = 10_000;

    private const ulong PageSize = 0x1000;

    /// <summary>Scans the target's <see cref="IMemoryRegions"/>; null when the target lists none.</summary>
    /// <param name="target">What to read.</param>
    /// <param name="wanted">The ranges a hit's value must fall in.</param>
    /// <param name="cancelled">Polled once per chunk (the engine's Ctrl+Break is a poll, not a token).</param>
    /// <param name="chunkBytes">Bytes read at a time.</param>
    /// <param name="onHit">Given each hit as it is found instead of keeping it (no cap: a whole-dump scan's candidates);
    /// the result's <see cref="ScanResult.Hits"/> is then empty and <see cref="ScanResult.TotalHits"/> counts them.</param>
    /// <param name="options">Read-ahead, an upper address bound, a second search over the same bytes.</param>
    public static ScanResult? Scan(ITargetMemory target, IReadOnlyList<WantedRange> wanted, Func<bool>? cancelled = null, int chunkBytes = DefaultChunkBytes,
        Action<PointerHit>? onHit = null, PointerScanOptions? options = null)
    {
        if (target.MemoryRegions() is not { } list) return null;
        options ??= PointerScanOptions.Default;
        int ptr = target.PointerSize;
        chunkBytes = Math.Max(ptr, chunkBytes / ptr * ptr);
        var scan = new WordMatcher(wanted, ptr, onHit);
        var walk = new ChunkWalk(target, list.Regions, ptr, chunkBytes, options.Below);
        ulong searched = 0;
        bool stopped = false;
        void Search(ReadOnlySpan<byte> bytes, ulong address)
        {
            scan.Words(bytes, address);
            options.Also?.Words(bytes, address, ptr);
            searched += (ulong)bytes.Length;
        }
        bool Stop() => stopped = stopped || cancelled?.Invoke() == true;
        if (options.ReadAhead && list.ReadsConcurrently) walk.RunAhead(Search, Stop);
        else walk.Run(Search, Stop);
        return new ScanResult(scan.Hits, scan.Total, walk.Regions, walk.Listed, searched, walk.Missing, Cancelled: stopped);
    }

    /// <summary>
    /// The walk over the listed ranges in address order, chunk by chunk: overlapping lists are read once, a hole inside a
    /// range (an unreadable page) is skipped to the next page, and bytes listed past the end of a truncated file count as
    /// missing. <see cref="RunAhead"/> reads on a second thread into a few rotating buffers while the caller's thread
    /// searches, so a scan costs about what the reading does, not the reading plus the search.
    /// </summary>
    private sealed class ChunkWalk(ITargetMemory target, IReadOnlyList<MemoryRegion> regions, int ptr, int chunkBytes, ulong below)
    {
        private const int Buffers = 3;

        public int Regions { get; private set; }

        public ulong Listed { get; private set; }

        public ulong Missing { get; private set; }

        public void Run(SearchChunk search, Func<bool> stop)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
            try
            {
                Read(() => buffer, (b, length, address) => search(b.AsSpan(0, length), address), stop);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        public void RunAhead(SearchChunk search, Func<bool> stop)
        {
            using var free = new BlockingCollection<byte[]>(Buffers);
            using var full = new BlockingCollection<(byte[] Buffer, int Length, ulong Address)>(Buffers);
            for (int i = 0; i < Buffers; i++) free.Add(ArrayPool<byte>.Shared.Rent(chunkBytes));
            bool halt = false;
            Exception? failed = null;
            var reader = new Thread(() =>
            {
                try
                {
                    Read(() => free.Take(), (b, length, address) => full.Add((b, length, address)), () => Volatile.Read(ref halt));
                }
                catch (Exception ex)
                {
                    failed = ex;
                }
                finally
                {
                    full.CompleteAdding();
                }
            }) { IsBackground = true, Name = "wrldbg scan read-ahead" };
            reader.Start();
            try
            {
                foreach (var (buffer, length, address) in full.GetConsumingEnumerable())
                {
                    if (!Volatile.Read(ref halt))
                    {
                        if (stop()) Volatile.Write(ref halt, true);
                        else search(buffer.AsSpan(0, length), address);
                    }
                    free.Add(buffer);
                }
            }
            finally
            {
                Volatile.Write(ref halt, true);
                while (full.TryTake(out var left)) free.Add(left.Buffer);
                reader.Join();
                while (free.TryTake(out var b)) ArrayPool<byte>.Shared.Return(b);
            }
            if (failed is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }

        // next: a buffer to read into; deliver: a chunk read (its buffer, length, address); stop: polled once per chunk.
        private void Read(Func<byte[]> next, Action<byte[], int, ulong> deliver, Func<bool> stop)
        {
            ulong covered = 0; // one past the highest byte already read: overlapping lists are read once
            foreach (var region in regions)
            {
                ulong start = Math.Max(region.Start, covered), end = Math.Min(region.End, below);
                if (start >= end) { if (region.Start >= below) return; continue; } // empty, or wholly inside what was read
                Regions++;
                Listed += end - start;
                ulong availableEnd = region.Start + Math.Min(region.BytesAvailable, region.Size);
                if (availableEnd < region.Start) availableEnd = ulong.MaxValue;
                ulong at = AlignUp(start, (ulong)ptr), stopAt = Math.Max(start, Math.Min(availableEnd, end));
                if (at < start) at = end; // aligning wrapped past the top
                while (at < stopAt && stopAt - at >= (ulong)ptr)
                {
                    if (stop()) return;
                    var buffer = next();
                    int want = (int)Math.Min((ulong)chunkBytes, (stopAt - at) / (ulong)ptr * (ulong)ptr);
                    int got = target.Read(at, buffer.AsSpan(0, want)) / ptr * ptr;
                    deliver(buffer, got, at);
                    if (got == want) { at += (ulong)got; continue; }
                    // A hole inside a listed range: skip to the next page and go on.
                    ulong nextPage = AlignUp(at + (ulong)got + 1, PageSize);
                    if (nextPage <= at || nextPage > stopAt) nextPage = stopAt;
                    Missing += nextPage - (at + (ulong)got);
                    at = nextPage;
                }
                Missing += end - Math.Max(stopAt, start); // listed beyond the end of a truncated file
                if (region.End == ulong.MaxValue) return;
                covered = Math.Max(covered, region.End);
            }
        }
    }

    internal delegate void SearchChunk(ReadOnlySpan<byte> bytes, ulong address);

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

    /// <summary>
    /// The compare loop for one scan. A vector of words is tested against at most <see cref="MaxEnvelopes"/> envelopes
    /// (the wanted ranges, sorted, cut at their largest gaps: a process's images sit in one or two clusters), so the
    /// cost per word does not grow with the number of ranges; only a word inside an envelope is looked up exactly.
    /// </summary>
    internal sealed class WordMatcher
    {
        private const int MaxEnvelopes = 2;

        private readonly int _ptr;
        private readonly ulong[] _envStart, _envSize;        // scalar form of the envelopes
        private readonly uint[] _envStart32, _envSize32;
        private readonly RangeIndex _ranges;
        private readonly bool _everything;
        private readonly Action<PointerHit>? _onHit;

        public WordMatcher(IReadOnlyList<WantedRange> wanted, int ptr, Action<PointerHit>? onHit)
        {
            _onHit = onHit;
            _ptr = ptr;
            // On x86 a range is clipped to 32 bits: no 32-bit word can point above 4 GiB.
            var ranges = new WantedRange[wanted.Count];
            for (int i = 0; i < ranges.Length; i++)
            {
                var w = wanted[i];
                ranges[i] = ptr == 8 ? w : w.Start > uint.MaxValue ? new(w.Start, 0) : new(w.Start, Math.Min(w.Size, (1UL << 32) - w.Start));
            }
            _ranges = new RangeIndex(ranges);
            // A wanted span covering every word value: no envelope test, each word is looked up.
            if (Envelopes(_ranges.Pieces, ptr == 8 ? ulong.MaxValue : uint.MaxValue) is { } envelopes) (_envStart, _envSize) = envelopes;
            else { _everything = true; _envStart = _envSize = []; }
            _envStart32 = [.. _envStart.Select(e => (uint)e)]; // x86: every span is clipped to 32 bits
            _envSize32 = [.. _envSize.Select(e => (uint)e)];
        }

        public List<PointerHit> Hits { get; } = [];

        public long Total { get; private set; }

        public void Words(ReadOnlySpan<byte> bytes, ulong address)
        {
            if (_everything)
            {
                if (_ptr == 8) Scalar(MemoryMarshal.Cast<byte, ulong>(bytes), address);
                else Scalar(MemoryMarshal.Cast<byte, uint>(bytes), address);
                return;
            }
            if (_envStart.Length == 0) return;
            if (_ptr == 8) Words(MemoryMarshal.Cast<byte, ulong>(bytes), address, _envStart, _envSize);
            else Words(MemoryMarshal.Cast<byte, uint>(bytes), address, _envStart32, _envSize32);
        }

        private void Words<T>(ReadOnlySpan<T> words, ulong address, T[] starts, T[] sizes)
            where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated) i = Wide(words, address, starts, sizes);
            Scalar(words[i..], address + (ulong)(i * _ptr));
        }

        // Four vectors per test keep the compare units busy; a block with a word inside an envelope is re-checked
        // word by word. Returns how many words were tested (whole blocks only). Vector<T> is as wide as the CPU allows
        // (256 bits with AVX2, else 128); the envelopes stay in registers (one is tested twice where there is one).
        private int Wide<T>(ReadOnlySpan<T> words, ulong address, T[] starts, T[] sizes)
            where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
        {
            int lanes = Vector<T>.Count, block = 4 * lanes;
            var s0 = new Vector<T>(starts[0]);
            var n0 = new Vector<T>(sizes[0]);
            var s1 = new Vector<T>(starts[^1]);
            var n1 = new Vector<T>(sizes[^1]);
            ref T w = ref MemoryMarshal.GetReference(words);
            int v = 0;
            for (; v + block <= words.Length; v += block)
            {
                var a = Vector.LoadUnsafe(ref w, (nuint)v);
                var b = Vector.LoadUnsafe(ref w, (nuint)(v + lanes));
                var c = Vector.LoadUnsafe(ref w, (nuint)(v + 2 * lanes));
                var d = Vector.LoadUnsafe(ref w, (nuint)(v + 3 * lanes));
                var any = Vector.LessThan(a - s0, n0) | Vector.LessThan(b - s0, n0) | Vector.LessThan(c - s0, n0) | Vector.LessThan(d - s0, n0)
                        | Vector.LessThan(a - s1, n1) | Vector.LessThan(b - s1, n1) | Vector.LessThan(c - s1, n1) | Vector.LessThan(d - s1, n1);
                if (any != Vector<T>.Zero) Scalar(words.Slice(v, block), address + (ulong)(v * _ptr));
            }
            return v;
        }

        private void Scalar<T>(ReadOnlySpan<T> words, ulong address) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
        {
            for (int i = 0; i < words.Length; i++)
            {
                ulong value = ulong.CreateTruncating(words[i]);
                bool inside = _everything;
                for (int e = 0; e < _envStart.Length && !inside; e++) inside = value - _envStart[e] < _envSize[e];
                if (!inside || _ranges.First(value) is not int r) continue;
                Total++;
                var hit = new PointerHit(address + (ulong)(i * _ptr), value, r);
                if (_onHit is not null) _onHit(hit);
                else if (Hits.Count < MaxHits) Hits.Add(hit);
            }
        }

        /// <summary>
        /// The pieces' union (clipped to <paramref name="top"/>, the largest word) as at most <see cref="MaxEnvelopes"/>
        /// (start, size) spans, cut at the largest gaps; null when one span is the whole word space, which no
        /// (start, size) pair can express.
        /// </summary>
        private static (ulong[] Start, ulong[] Size)? Envelopes(IReadOnlyList<(ulong Lo, ulong Hi, int Index)> pieces, ulong top)
        {
            var spans = new List<(ulong Lo, ulong Hi)>(); // disjoint, inclusive bounds
            foreach (var (lo, hi, _) in pieces) // sorted by Lo
            {
                if (lo > top) continue;
                ulong h = Math.Min(hi, top);
                if (spans.Count > 0 && (spans[^1].Hi == top || lo <= spans[^1].Hi + 1)) spans[^1] = (spans[^1].Lo, Math.Max(spans[^1].Hi, h));
                else spans.Add((lo, h));
            }
            // Keep the MaxEnvelopes - 1 largest gaps as cuts; merge across the others.
            var cuts = new bool[spans.Count];
            var gaps = new List<int>();
            for (int g = 1; g < spans.Count; g++) gaps.Add(g);
            gaps.Sort((x, y) => (spans[y].Lo - spans[y - 1].Hi).CompareTo(spans[x].Lo - spans[x - 1].Hi));
            for (int k = 0; k < gaps.Count && k < MaxEnvelopes - 1; k++) cuts[gaps[k]] = true;
            var start = new List<ulong>();
            var size = new List<ulong>();
            for (int g = 0; g < spans.Count;)
            {
                int k = g + 1;
                while (k < spans.Count && !cuts[k]) k++;
                ulong lo = spans[g].Lo, hi = spans[k - 1].Hi;
                if (hi - lo == top) return null;
                start.Add(lo);
                size.Add(hi - lo + 1);
                g = k;
            }
            return ([.. start], [.. size]);
        }
    }

    /// <summary>
    /// The first wanted range (in the caller's order) holding a value: linear for a few ranges, else a binary search
    /// over pieces sorted by start (a range that wraps past the top is two pieces) with the highest end so far.
    /// </summary>
    private sealed class RangeIndex
    {
        private const int Linear = 8;
        private readonly WantedRange[] _wanted;
        private readonly (ulong Lo, ulong Hi, int Index)[] _pieces; // inclusive bounds
        private readonly ulong[] _maxHi;

        public RangeIndex(WantedRange[] wanted)
        {
            _wanted = wanted;
            var pieces = new List<(ulong Lo, ulong Hi, int Index)>();
            for (int i = 0; i < wanted.Length; i++)
            {
                var w = wanted[i];
                if (w.Size == 0) continue;
                ulong last = w.Start + (w.Size - 1);
                if (last >= w.Start) pieces.Add((w.Start, last, i));
                else { pieces.Add((w.Start, ulong.MaxValue, i)); pieces.Add((0, last, i)); }
            }
            _pieces = [.. pieces.OrderBy(p => p.Lo).ThenBy(p => p.Index)];
            _maxHi = new ulong[_pieces.Length];
            for (int i = 0; i < _pieces.Length; i++) _maxHi[i] = Math.Max(_pieces[i].Hi, i > 0 ? _maxHi[i - 1] : 0);
        }

        public IReadOnlyList<(ulong Lo, ulong Hi, int Index)> Pieces => _pieces;

        public int? First(ulong value)
        {
            if (_wanted.Length <= Linear)
            {
                for (int r = 0; r < _wanted.Length; r++)
                    if (_wanted[r].Contains(value)) return r;
                return null;
            }
            int lo = 0, hi = _pieces.Length - 1, last = -1; // last: the highest piece starting at or below value
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_pieces[mid].Lo <= value) { last = mid; lo = mid + 1; }
                else hi = mid - 1;
            }
            int best = int.MaxValue;
            for (int i = last; i >= 0 && _maxHi[i] >= value; i--)
                if (_pieces[i].Hi >= value && _pieces[i].Index < best) best = _pieces[i].Index;
            return best == int.MaxValue ? null : best;
        }
    }
}
