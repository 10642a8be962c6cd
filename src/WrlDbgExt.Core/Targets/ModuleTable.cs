using System.Collections;

namespace WrlDbgExt.Core.Targets;

/// <summary>
/// A target's modules in their listed order, with an index by address: decoders ask "which image holds this
/// pointer?" for every vtable pointer they read, and a process maps hundreds of images.
/// <see cref="FindByAddress"/> answers as a search of the list in order would (the first listed image holding it).
/// </summary>
public sealed class ModuleTable : IReadOnlyList<TargetModule>
{
    private readonly TargetModule[] _modules;
    private readonly int[] _byBase;   // indexes into _modules, by image base
    private readonly ulong[] _maxEnd; // highest image end among _byBase[0..i]

    public ModuleTable(IEnumerable<TargetModule> modules)
    {
        _modules = [.. modules];
        _byBase = new int[_modules.Length];
        for (int i = 0; i < _byBase.Length; i++) _byBase[i] = i;
        // A plain comparison, not LINQ's OrderBy: in the engine each generic instantiation the ReadyToRun image lacks is JIT-compiled on first use.
        Array.Sort(_byBase, (a, b) => _modules[a].ImageBase != _modules[b].ImageBase ? _modules[a].ImageBase.CompareTo(_modules[b].ImageBase) : a.CompareTo(b));
        _maxEnd = new ulong[_byBase.Length];
        for (int i = 0; i < _byBase.Length; i++)
        {
            var m = _modules[_byBase[i]];
            ulong end = m.ImageBase + m.ImageSize < m.ImageBase ? ulong.MaxValue : m.ImageBase + m.ImageSize;
            _maxEnd[i] = Math.Max(end, i > 0 ? _maxEnd[i - 1] : 0);
        }
    }

    public int Count => _modules.Length;

    public TargetModule this[int index] => _modules[index];

    public TargetModule? FindByAddress(ulong address)
    {
        int lo = 0, hi = _byBase.Length - 1, last = -1; // last: the highest image starting at or below address
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_modules[_byBase[mid]].ImageBase <= address) { last = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        int best = -1;
        for (int i = last; i >= 0 && _maxEnd[i] > address; i--)
            if (_modules[_byBase[i]].Contains(address) && (best < 0 || _byBase[i] < best)) best = _byBase[i];
        return best < 0 ? null : _modules[best];
    }

    public IEnumerator<TargetModule> GetEnumerator() => ((IEnumerable<TargetModule>)_modules).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
