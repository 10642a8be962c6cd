using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Holders;

/// <summary>
/// Finds who holds an object: scans the captured memory for pointers into the object and its control block
/// (<see cref="ObjectVerdict.HeldRanges"/>) and says where each lies: a thread's stack (and frame), a module's
/// image (and symbol), or other memory.
/// </summary>
public static class HolderFinder
{
    /// <summary>How far above a stack holder the no-unwinder guess looks for a return address.</summary>
    public const int GuessBytes = 0x800;

    /// <summary>Image bytes below this offset are headers, not code: a word pointing there is no return address.</summary>
    private const ulong HeaderBytes = 0x1000;

    /// <summary>The ranges to search for: the verdict's, or the address itself when the decoder found no object.</summary>
    public static IReadOnlyList<HeldRange> RangesFor(ObjectVerdict verdict, ulong address, int pointerSize)
    {
        // A range never wraps past the top of the address space (it would hold the words 0, 1, …).
        static ulong Fit(ulong start, ulong size) => Math.Max(1, start == 0 ? size : Math.Min(size, ulong.MaxValue - start + 1));
        if (!verdict.Found) return [new HeldRange(address, Fit(address, (ulong)pointerSize), HeldPart.Address)];
        return [.. verdict.HeldRanges(pointerSize).Select(r =>
            new HeldRange(r.Start, Fit(r.Start, r.Size), r.IsControlBlock ? HeldPart.ControlBlock : HeldPart.Object))];
    }

    /// <summary>Null when the target lists no memory ranges (nothing to scan).</summary>
    public static RefsReport? Find(ITargetMemory target, ObjectVerdict verdict, ulong address, Func<bool>? cancelled = null) =>
        Find(target, verdict, address, RangesFor(verdict, address, target.PointerSize), cancelled);

    /// <summary>Searches for <paramref name="ranges"/> (first match wins where they overlap); null when the target lists no memory.</summary>
    public static RefsReport? Find(ITargetMemory target, ObjectVerdict verdict, ulong address, IReadOnlyList<HeldRange> ranges, Func<bool>? cancelled = null)
    {
        if (Search(target, ranges, cancelled) is not { } found) return null;
        return new RefsReport(address, target.PointerSize, verdict, ranges, found.Holders, found.SelfLinks, found.Scan,
            HostUnwinds: target is IStackFrames, ThreadsKnown: target is IThreadList, found.Registers, found.RegistersSearched);
    }

    /// <summary>
    /// Every captured word and register pointing into <paramref name="ranges"/>, each placed; words inside an object or
    /// block range are self-links. Null when the target lists no memory.
    /// </summary>
    public static HolderSearch? Search(ITargetMemory target, IReadOnlyList<HeldRange> ranges, Func<bool>? cancelled = null)
    {
        var scan = PointerScanner.Scan(target, [.. ranges.Select(r => new WantedRange(r.Start, r.Size))], cancelled);
        if (scan is null) return null;
        var places = new Places(target);
        var holders = new List<Holder>();
        var self = new List<Holder>();
        foreach (var hit in scan.Hits)
        {
            var held = ranges[hit.Range];
            if (ranges.Any(r => r.Part is HeldPart.Object or HeldPart.ControlBlock && r.Contains(hit.Address)))
                self.Add(new Holder(hit.Address, hit.Value, held, HolderPlace.Other, RegionStart: places.RegionStart(hit.Address)));
            else
                holders.Add(places.Attribute(hit.Address, hit.Value, held));
        }
        var (registers, registersSearched) = InRegisters(target, ranges);
        return new HolderSearch(holders, self, scan, registers, registersSearched);
    }

    /// <summary>Every listed thread's general-purpose registers against the ranges (first match wins, as in memory).</summary>
    private static (List<RegisterHolder> Holders, bool Searched) InRegisters(ITargetMemory target, IReadOnlyList<HeldRange> ranges)
    {
        var found = new List<RegisterHolder>();
        if (target is not IThreadRegisters source || target is not IThreadList list || list.Threads.Count == 0) return (found, false);
        bool all = true;
        ulong mask = target.PointerSize == 8 ? ulong.MaxValue : uint.MaxValue;
        foreach (var thread in list.Threads)
        {
            if (source.Registers(thread.Id) is not { } registers) { all = false; continue; }
            foreach (var r in registers)
                if (ranges.FirstOrDefault(h => h.Contains(r.Value & mask)) is { } held)
                    found.Add(new RegisterHolder(thread.Id, r.Name, r.Value & mask, held));
        }
        return (found, all);
    }

    /// <summary>Attribution with the target's capabilities, each looked up once.</summary>
    private sealed class Places(ITargetMemory target)
    {
        private readonly IReadOnlyList<TargetThread> _threads = (target as IThreadList)?.Threads ?? [];
        private readonly IReadOnlyList<TargetModule> _modules = target.Modules()?.Modules ?? [];
        private readonly IReadOnlyList<MemoryRegion> _regions = target.MemoryRegions()?.Regions ?? [];
        private readonly ISymbolLookup? _symbols = target.Symbols();
        private readonly IStackFrames? _unwinder = target as IStackFrames;
        private readonly Dictionary<uint, IReadOnlyList<StackFrame>?> _frames = [];

        private List<(TargetThread Thread, ulong Low, ulong Top)>? _stacks;

        public Holder Attribute(ulong address, ulong value, HeldRange held)
        {
            foreach (var (t, low, top) in _stacks ??= [.. _threads.Where(t => t.StackSize > 0).Select(t => (t, StackLow(t.StackStart), t.StackStart + t.StackSize))])
            {
                if (address < low || address >= top) continue;
                var frame = address < (t.StackPointer ?? t.StackStart) && _unwinder is null
                    ? new HolderFrame(FrameKind.BelowInnermost, null, null, null)
                    : FrameOf(t, address, top);
                return new Holder(address, value, held, HolderPlace.Stack, ThreadId: t.Id, StackPointer: t.StackPointer, Frame: frame);
            }
            if (ModuleAt(address) is { } m)
            {
                string? symbol = null;
                ulong? displacement = null;
                if (_symbols?.TryGetName(address, out var name, out var d) == true) { symbol = name; displacement = d; }
                return new Holder(address, value, held, HolderPlace.Image, Module: m.ModuleName, ModuleOffset: address - m.ImageBase,
                    Symbol: symbol, SymbolDisplacement: displacement);
            }
            return new Holder(address, value, held, HolderPlace.Other, RegionStart: RegionStart(address));
        }

        public ulong? RegionStart(ulong address)
        {
            int lo = 0, hi = _regions.Count - 1;
            ulong? found = null;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_regions[mid].Start <= address) { if (_regions[mid].Contains(address)) found = _regions[mid].Start; lo = mid + 1; }
                else hi = mid - 1;
            }
            return found;
        }

        /// <summary>
        /// A dump's stack starts at the stack pointer, but it may also hold the bytes just below (indirectly
        /// referenced memory): captured ranges that run on without a gap into the stack are the same stack, as the
        /// engine's memory map shows them (one region).
        /// </summary>
        private ulong StackLow(ulong start)
        {
            ulong low = start;
            for (int i = _regions.Count - 1; i >= 0; i--)
            {
                var r = _regions[i];
                if (r.Start < low && r.End >= low && r.BytesAvailable == r.Size) low = r.Start;
            }
            return low;
        }

        private TargetModule? ModuleAt(ulong address) => _modules.FirstOrDefault(m => m.Contains(address));

        private HolderFrame FrameOf(TargetThread thread, ulong address, ulong top)
        {
            if (_unwinder is not null)
            {
                if (!_frames.TryGetValue(thread.Id, out var frames)) _frames[thread.Id] = frames = _unwinder.Frames(thread.Id);
                if (frames is { Count: > 0 })
                {
                    if (address < frames[0].StackOffset) return new HolderFrame(FrameKind.BelowInnermost, null, null, null);
                    // A frame's locals lie from its stack pointer up to its caller's (the stack grows down).
                    for (int i = 0; i < frames.Count; i++)
                    {
                        ulong upper = i + 1 < frames.Count ? frames[i + 1].StackOffset : top;
                        if (address >= frames[i].StackOffset && address < upper)
                            return new HolderFrame(FrameKind.Unwound, frames[i].Number, frames[i].Symbol, null);
                    }
                }
            }
            return Guess(address, top);
        }

        private readonly Dictionary<ulong, ImageSections?> _sections = [];

        /// <summary>
        /// Whether a word may be a return address into <paramref name="module"/>: inside an executable section when
        /// the image's headers were captured; otherwise past the headers and outside every captured range, because
        /// a minidump captures an image's data segments but not its code (a data pointer is no return address).
        /// </summary>
        private bool MayBeCode(ulong word, TargetModule module)
        {
            if (!_sections.TryGetValue(module.ImageBase, out var sections))
                _sections[module.ImageBase] = sections = ImageSections.Read(target, module);
            if (sections is not null) return sections.IsCode(word);
            return word - module.ImageBase >= HeaderBytes && RegionStart(word) is null;
        }

        /// <summary>The first word above the holder that may be a return address into a module's code (<see cref="MayBeCode"/>).</summary>
        private HolderFrame Guess(ulong address, ulong top)
        {
            int ptr = target.PointerSize;
            ulong from = address + (ulong)ptr;
            ulong length = Math.Min(top > from ? top - from : 0, GuessBytes);
            var bytes = new byte[length / (ulong)ptr * (ulong)ptr];
            int got = target.Read(from, bytes) / ptr * ptr;
            for (int i = 0; i < got; i += ptr)
            {
                ulong word = ptr == 8 ? BitConverter.ToUInt64(bytes, i) : BitConverter.ToUInt32(bytes, i);
                if (ModuleAt(word) is not { } m || !MayBeCode(word, m)) continue;
                string name = _symbols?.TryGetName(word, out var s, out var d) == true
                    ? (d == 0 ? s : $"{s}+0x{d:x}")
                    : $"{m.ModuleName}+0x{word - m.ImageBase:x}";
                return new HolderFrame(FrameKind.Guess, null, name, from + (ulong)i);
            }
            return new HolderFrame(FrameKind.Unknown, null, null, null);
        }
    }
}
