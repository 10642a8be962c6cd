namespace WrlDbgExt.Core.Scanning;

/// <summary>
/// A union of address ranges, kept disjoint and sorted, so that "is this address inside one?" is a binary search
/// whatever their number: a whole-memory scan asks it of every candidate, against every hit so far.
/// </summary>
public sealed class AddressRangeSet
{
    private readonly List<(ulong Start, ulong End)> _union = []; // disjoint, sorted, End exclusive

    public void Add(ulong start, ulong size)
    {
        ulong end = start + size < start ? ulong.MaxValue : start + size;
        if (end <= start) return;
        int i = FirstEndingAfter(start); // ranges before i end at or before start: untouched
        int j = i;
        while (j < _union.Count && _union[j].Start <= end) // overlapping or adjacent: merged
        {
            start = Math.Min(start, _union[j].Start);
            end = Math.Max(end, _union[j].End);
            j++;
        }
        _union.RemoveRange(i, j - i);
        _union.Insert(i, (start, end));
    }

    public bool Contains(ulong address)
    {
        int i = FirstEndingAfter(address);
        return i < _union.Count && _union[i].Start <= address;
    }

    // The first range whose End is above address (ranges before it end at or below it), or Count.
    private int FirstEndingAfter(ulong address)
    {
        int lo = 0, hi = _union.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_union[mid].End <= address) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
