using System.Buffers;
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
    public static ScanResult? Scan(ITargetMemory target, IReadOnlyList<WantedRange> wanted, Func<bool>? cancelled = null, int chunkBytes = DefaultChunkBytes,
        Action<PointerHit>? onHit = null)
    {
        if (target.MemoryRegions() is not { } list) return null;
        int ptr = target.PointerSize;
        chunkBytes = Math.Max(ptr, chunkBytes / ptr * ptr);
        var scan = new WordMatcher(wanted, ptr, onHit);
        ulong listed = 0, searched = 0, missing = 0;
        int regions = 0;
        ulong covered = 0; // one past the highest byte already scanned: overlapping lists are searched once
        bool coveredAll = false;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
        try
        {
            foreach (var region in list.Regions)
            {
                if (coveredAll) break;
                ulong start = Math.Max(region.Start, covered), end = region.End;
                if (start >= end) continue; // empty, or wholly inside what was scanned
                regions++;
                listed += end - start;
                ulong availableEnd = region.Start + Math.Min(region.BytesAvailable, region.Size);
                if (availableEnd < region.Start) availableEnd = ulong.MaxValue;
                ulong at = AlignUp(start, (ulong)ptr), stop = Math.Max(start, Math.Min(availableEnd, end));
                if (at < start) at = end; // aligning wrapped past the top
                while (at < stop && stop - at >= (ulong)ptr)
                {
                    if (cancelled?.Invoke() == true)
                        return new ScanResult(scan.Hits, scan.Total, regions, listed, searched, missing, Cancelled: true);
                    int want = (int)Math.Min((ulong)chunkBytes, (stop - at) / (ulong)ptr * (ulong)ptr);
                    int got = target.Read(at, buffer.AsSpan(0, want)) / ptr * ptr;
                    scan.Words(buffer.AsSpan(0, got), at);
                    searched += (ulong)got;
                    if (got == want) { at += (ulong)got; continue; }
                    // A hole inside a listed range: skip to the next page and go on.
                    ulong next = AlignUp(at + (ulong)got + 1, PageSize);
                    if (next <= at || next > stop) next = stop;
                    missing += next - (at + (ulong)got);
                    at = next;
                }
                missing += end - Math.Max(stop, start); // listed beyond the end of a truncated file
                if (end == ulong.MaxValue) coveredAll = true;
                covered = Math.Max(covered, end);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new ScanResult(scan.Hits, scan.Total, regions, listed, searched, missing, Cancelled: false);
    }

    private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

    /// <summary>
    /// The compare loop for one scan. A vector of words is tested against at most <see cref="MaxEnvelopes"/> envelopes
    /// (the wanted ranges, sorted, cut at their largest gaps: a process's images sit in one or two clusters), so the
    /// cost per word does not grow with the number of ranges; only a word inside an envelope is looked up exactly.
    /// </summary>
    private sealed class WordMatcher
    {
        private const int MaxEnvelopes = 4;

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
        // (256 bits with AVX2, else 128).
        private int Wide<T>(ReadOnlySpan<T> words, ulong address, T[] starts, T[] sizes)
            where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
        {
            int lanes = Vector<T>.Count, block = 4 * lanes;
            var s = new Vector<T>[starts.Length];
            var n = new Vector<T>[starts.Length];
            for (int e = 0; e < s.Length; e++) { s[e] = new Vector<T>(starts[e]); n[e] = new Vector<T>(sizes[e]); }
            ref T w = ref MemoryMarshal.GetReference(words);
            int v = 0;
            for (; v + block <= words.Length; v += block)
            {
                var a = Vector.LoadUnsafe(ref w, (nuint)v);
                var b = Vector.LoadUnsafe(ref w, (nuint)(v + lanes));
                var c = Vector.LoadUnsafe(ref w, (nuint)(v + 2 * lanes));
                var d = Vector.LoadUnsafe(ref w, (nuint)(v + 3 * lanes));
                var any = Vector<T>.Zero;
                for (int e = 0; e < s.Length; e++)
                {
                    var se = s[e];
                    var ne = n[e];
                    any |= Vector.LessThan(a - se, ne) | Vector.LessThan(b - se, ne)
                         | Vector.LessThan(c - se, ne) | Vector.LessThan(d - se, ne);
                }
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
