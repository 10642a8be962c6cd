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
/// Reads large chunks into one pooled buffer and tests a vector of words per range with one subtract and one
/// unsigned compare ((v − start) &lt; size), so the scan runs near the speed the bytes can be read.
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

    /// <summary>The compare loop for one scan: vectors of 32- or 64-bit words against every wanted range.</summary>
    private sealed class WordMatcher
    {
        private readonly WantedRange[] _wanted;
        private readonly int _ptr;
        private readonly Vector<ulong>[] _start64, _size64;
        private readonly Vector<uint>[] _start32, _size32;

        private readonly Action<PointerHit>? _onHit;

        public WordMatcher(IReadOnlyList<WantedRange> wanted, int ptr, Action<PointerHit>? onHit)
        {
            _onHit = onHit;
            _wanted = [.. wanted];
            _ptr = ptr;
            _start64 = [.. _wanted.Select(w => new Vector<ulong>(w.Start))];
            _size64 = [.. _wanted.Select(w => new Vector<ulong>(w.Size))];
            // On x86 a range is clipped to 32 bits: no 32-bit word can point above 4 GiB.
            _start32 = [.. _wanted.Select(w => new Vector<uint>((uint)Math.Min(w.Start, uint.MaxValue)))];
            _size32 = [.. _wanted.Select(w => new Vector<uint>(w.Start > uint.MaxValue ? 0 : (uint)Math.Min(w.Size, (1UL << 32) - w.Start)))];
        }

        public List<PointerHit> Hits { get; } = [];

        public long Total { get; private set; }

        public void Words(ReadOnlySpan<byte> bytes, ulong address)
        {
            if (_wanted.Length == 0) return;
            if (_ptr == 8) Words(MemoryMarshal.Cast<byte, ulong>(bytes), address, _start64, _size64);
            else Words(MemoryMarshal.Cast<byte, uint>(bytes), address, _start32, _size32);
        }

        private void Words<T>(ReadOnlySpan<T> words, ulong address, Vector<T>[] starts, Vector<T>[] sizes)
            where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
        {
            int lanes = Vector<T>.Count, i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                var vectors = MemoryMarshal.Cast<T, Vector<T>>(words);
                // Four vectors per test keeps the compare units busy; a block with a hit is re-checked word by word.
                int v = 0;
                for (; v + 4 <= vectors.Length; v += 4)
                {
                    var any = Vector<T>.Zero;
                    for (int r = 0; r < starts.Length; r++)
                    {
                        var s = starts[r];
                        var n = sizes[r];
                        any |= Vector.LessThan(vectors[v] - s, n) | Vector.LessThan(vectors[v + 1] - s, n)
                             | Vector.LessThan(vectors[v + 2] - s, n) | Vector.LessThan(vectors[v + 3] - s, n);
                    }
                    if (any != Vector<T>.Zero) Scalar(words.Slice(v * lanes, 4 * lanes), address + (ulong)(v * lanes * _ptr));
                }
                i = v * lanes;
            }
            Scalar(words[i..], address + (ulong)(i * _ptr));
        }

        private void Scalar<T>(ReadOnlySpan<T> words, ulong address) where T : unmanaged, IBinaryInteger<T>, IUnsignedNumber<T>
        {
            for (int i = 0; i < words.Length; i++)
            {
                ulong value = ulong.CreateTruncating(words[i]);
                for (int r = 0; r < _wanted.Length; r++)
                {
                    if (!_wanted[r].Contains(value)) continue;
                    Total++;
                    var hit = new PointerHit(address + (ulong)(i * _ptr), value, r);
                    if (_onHit is not null) _onHit(hit);
                    else if (Hits.Count < MaxHits) Hits.Add(hit);
                    break;
                }
            }
        }
    }
}
