namespace WrlDbgExt.Core.Targets;

/// <summary>
/// A target over byte regions held in memory: used by unit tests and by tools that lay objects out
/// without a process. Reads stop at the end of a region (partial reads are reported as such).
/// </summary>
public sealed class InMemoryTarget : ITargetMemory, IModuleList, IMemoryRegions
{
    private readonly SortedList<ulong, byte[]> _regions = new();
    private readonly List<TargetModule> _modules = new();
    private readonly Dictionary<ulong, ulong> _listedSizes = new();

    public InMemoryTarget(TargetArchitecture architecture)
    {
        Architecture = architecture;
        PointerSize = architecture.PointerSize();
    }

    public TargetArchitecture Architecture { get; }

    public int PointerSize { get; }

    public IReadOnlyList<TargetModule> Modules => _modules;

    /// <summary>Every region in address order; a region added with a larger listed size reads as truncated.</summary>
    public IReadOnlyList<MemoryRegion> Regions =>
        _regions.Select(r => new MemoryRegion(r.Key, _listedSizes.GetValueOrDefault(r.Key, (ulong)r.Value.Length), (ulong)r.Value.Length)).ToList();

    /// <summary>Adds a region; regions must not overlap.</summary>
    public InMemoryTarget AddRegion(ulong address, byte[] bytes)
    {
        foreach (var (start, data) in _regions)
        {
            if (address < start + (ulong)data.Length && start < address + (ulong)bytes.Length)
                throw new ArgumentException($"region 0x{address:x} overlaps region 0x{start:x}");
        }
        _regions.Add(address, bytes);
        return this;
    }

    /// <summary>
    /// Adds a region the target lists as <paramref name="listedSize"/> bytes but holds only
    /// <paramref name="bytes"/> of (a dump file cut short).
    /// </summary>
    public InMemoryTarget AddTruncatedRegion(ulong address, byte[] bytes, ulong listedSize)
    {
        if (listedSize < (ulong)bytes.Length) throw new ArgumentException("the listed size is smaller than the bytes held", nameof(listedSize));
        AddRegion(address, bytes);
        _listedSizes[address] = listedSize;
        return this;
    }

    public InMemoryTarget AddModule(TargetModule module)
    {
        _modules.Add(module);
        return this;
    }

    public int Read(ulong address, Span<byte> buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            ulong at = address + (ulong)done;
            if (at < address) break; // wrapped around the address space
            var region = FindRegion(at);
            if (region is null) break;
            var (start, data) = region.Value;
            int offset = (int)(at - start);
            int n = Math.Min(data.Length - offset, buffer.Length - done);
            data.AsSpan(offset, n).CopyTo(buffer[done..]);
            done += n;
        }
        return done;
    }

    private KeyValuePair<ulong, byte[]>? FindRegion(ulong address)
    {
        foreach (var region in _regions)
        {
            if (region.Key > address) break;
            if (address - region.Key < (ulong)region.Value.Length) return region;
        }
        return null;
    }
}
