using System.Buffers.Binary;
using System.Text.Json;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Tests.Commands;

namespace WrlDbgExt.Core.Tests.Holders;

[TestClass]
public class HolderFinderTests
{
    private const uint Thread = 0x1a2c;
    private const ulong StackStart = 0x5000, StackSize = 0x2000, StackPointer = StackStart + 0x80;
    private const ulong ImageBase = 0x400000, DataAt = 0x403000;
    private const ulong Heap = 0x30000, Obj = 0x10000, Block = 0x20000;

    /// <summary>An in-memory target with threads, symbols and (optionally) an unwinder.</summary>
    private sealed class World(InMemoryTarget inner, Dictionary<ulong, string> names, IReadOnlyList<StackFrame>? frames,
        IReadOnlyList<ThreadRegister>? registers = null)
        : ITargetMemory, IModuleList, IMemoryRegions, IThreadList, ISymbolLookup, IThreadRegisters
    {
        public IReadOnlyList<ThreadRegister>? Registers(uint threadId) => threadId == Thread ? registers : null;

        public TargetArchitecture Architecture => inner.Architecture;
        public int PointerSize => inner.PointerSize;
        public IReadOnlyList<TargetModule> Modules => inner.Modules;
        public IReadOnlyList<MemoryRegion> Regions => inner.Regions;
        public IReadOnlyList<TargetThread> Threads { get; } = [new TargetThread(Thread, 0, StackStart, (uint)StackSize, null, StackPointer)];
        public IReadOnlyList<StackFrame>? Frames => frames;
        public int Read(ulong address, Span<byte> buffer) => inner.Read(address, buffer);

        public bool TryGetName(ulong address, out string name, out ulong displacement)
        {
            var best = names.Keys.Where(k => k <= address).DefaultIfEmpty(ulong.MaxValue).Max();
            displacement = best == ulong.MaxValue ? 0 : address - best;
            name = best == ulong.MaxValue ? "" : names[best];
            return best != ulong.MaxValue && displacement < 0x100;
        }

        public bool TryGetAddress(string name, out ulong address)
        {
            address = 0;
            return false;
        }
    }

    private sealed class Unwinding(World world) : ITargetMemory, IModuleList, IMemoryRegions, IThreadList, ISymbolLookup, IStackFrames
    {
        public TargetArchitecture Architecture => world.Architecture;
        public int PointerSize => world.PointerSize;
        public IReadOnlyList<TargetModule> Modules => world.Modules;
        public IReadOnlyList<MemoryRegion> Regions => world.Regions;
        public IReadOnlyList<TargetThread> Threads => world.Threads;
        public int Read(ulong address, Span<byte> buffer) => world.Read(address, buffer);
        public bool TryGetName(ulong address, out string name, out ulong displacement) => world.TryGetName(address, out name, out displacement);
        public bool TryGetAddress(string name, out ulong address) => world.TryGetAddress(name, out address);
        public IReadOnlyList<StackFrame>? Frames(uint threadId) => threadId == Thread ? world.Frames : null;
    }

    private static void Put(byte[] bytes, ulong offset, ulong value, int ptr)
    {
        if (ptr == 8) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan((int)offset), value);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)offset), (uint)value);
    }

    /// <summary>A stack holder, a return-address-looking word above it, a global, a heap cell, a self-link, a misaligned copy.</summary>
    private static World Planted(TargetArchitecture arch, bool frames = false)
    {
        int ptr = arch.PointerSize();
        var stack = new byte[StackSize];
        Put(stack, 0x1f00, Obj + 0x8, ptr);            // a local holding an interface pointer
        Put(stack, 0x1f00 + 2 * (ulong)ptr, DataAt + 0x200, ptr);     // a pointer to a global: captured data, no return address
        Put(stack, 0x1f00 + 4 * (ulong)ptr, ImageBase + 0x1234, ptr); // a return address into the image's code (not captured)
        Put(stack, 0x1e00, Block, ptr);                // a local holding the block (a weak reference)
        var data = new byte[0x1000];
        Put(data, 0x100, Obj, ptr);                    // a global: weak_refs!g_holder
        var heap = new byte[0x1000];
        Put(heap, 0x10, Block, ptr);                   // a heap cell holding the block
        Put(heap, 0x21, Obj, ptr);                     // misaligned: not a holder
        var obj = new byte[0x40];
        var block = new byte[0x20];
        Put(block, 0x18, Obj, ptr);                    // the block's target pointer: a self-link
        var inner = new InMemoryTarget(arch)
            .AddRegion(StackStart, stack).AddRegion(DataAt, data).AddRegion(Heap, heap).AddRegion(Obj, obj).AddRegion(Block, block)
            .AddModule(new TargetModule(@"C:\t\weak_refs.exe", ImageBase, 0x10000, 0, null, null));
        var names = new Dictionary<ulong, string> { [DataAt + 0x100] = "weak_refs!g_holder", [ImageBase + 0x1200] = "weak_refs!HolderThread" };
        IReadOnlyList<StackFrame>? f = frames
            ? [new StackFrame(0, ImageBase + 0x1100, StackStart + 0x1d00, "weak_refs!Inner+0x10"), new StackFrame(1, ImageBase + 0x1234, StackStart + 0x1e80, "weak_refs!HolderThread+0x34")]
            : null;
        return new World(inner, names, f);
    }

    private static readonly HeldRange[] ObjectAndBlock = [new(Obj, 0x40, HeldPart.Object), new(Block, 0x20, HeldPart.ControlBlock)];

    private static ObjectVerdict NotFound(ulong address) => ObjectDecoder.Decode(new InMemoryTarget(TargetArchitecture.X64), Layouts.LayoutCatalog.BuiltInOnly, address);

    [TestMethod]
    [DataRow(TargetArchitecture.X64)]
    [DataRow(TargetArchitecture.X86)]
    public void PlantedHoldersAreAllFoundAndAttributed(TargetArchitecture arch)
    {
        var world = Planted(arch);
        var report = HolderFinder.Find(world, NotFound(Obj), Obj, ObjectAndBlock)!;
        Assert.AreEqual(4, report.Holders.Count, string.Join("\n", report.Holders));

        var local = report.Holders.Single(h => h.Address == StackStart + 0x1f00);
        Assert.AreEqual(HolderPlace.Stack, local.Place);
        Assert.AreEqual(Thread, local.ThreadId);
        Assert.AreEqual(0x1f00L - 0x80, local.AboveStackPointer);
        Assert.AreEqual(HeldPart.Object, local.Held.Part);
        Assert.AreEqual(8UL, local.OffsetInHeld);
        Assert.AreEqual(FrameKind.Guess, local.Frame!.Kind);
        Assert.AreEqual("weak_refs!HolderThread+0x34", local.Frame.Symbol);

        var global = report.Holders.Single(h => h.Place == HolderPlace.Image);
        Assert.AreEqual(DataAt + 0x100, global.Address);
        Assert.AreEqual("weak_refs", global.Module);
        Assert.AreEqual(0x3100UL, global.ModuleOffset);
        Assert.AreEqual("weak_refs!g_holder", global.Symbol);

        var cell = report.Holders.Single(h => h.Place == HolderPlace.Other);
        Assert.AreEqual(Heap + 0x10, cell.Address);
        Assert.AreEqual(Heap, cell.RegionStart);
        Assert.AreEqual(HeldPart.ControlBlock, cell.Held.Part);

        Assert.AreEqual(Block + 0x18, report.SelfLinks.Single().Address);

        var text = RefsTextRenderer.Render(report);
        StringAssert.Contains(text, "strong count unknown: 2 candidate holders (1 on the stack of thread 0x1a2c, 1 in module data)");
        StringAssert.Contains(text, "weak holders unknown: 2 pointers to the block (1 on the stack of thread 0x1a2c, 1 in heap or other private memory)");
        StringAssert.Contains(text, "module data: weak_refs!g_holder (weak_refs+0x3100)");
        StringAssert.Contains(text, "frame unknown (guess: return address weak_refs!HolderThread+0x34");
        StringAssert.Contains(text, "links inside the object and its block (not holders)");
    }

    /// <summary>PE headers (PE/COFF spec): e_lfanew at 0x3C, "PE\0\0", NumberOfSections at +6 and SizeOfOptionalHeader at +20 past it, 40-byte sections.</summary>
    private static byte[] Headers()
    {
        var h = new byte[0x400];
        h[0] = (byte)'M'; h[1] = (byte)'Z';
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x3C), 0x80);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(0x80), 0x00004550);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(0x86), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(0x94), 0xF0);
        void Section(int i, uint va, uint size, uint flags)
        {
            var s = h.AsSpan(0x80 + 24 + 0xF0 + i * 40);
            BinaryPrimitives.WriteUInt32LittleEndian(s[8..], size);
            BinaryPrimitives.WriteUInt32LittleEndian(s[12..], va);
            BinaryPrimitives.WriteUInt32LittleEndian(s[36..], flags);
        }
        Section(0, 0x1000, 0x2000, 0x60000020); // .text: code, execute, read
        Section(1, 0x3000, 0x2000, 0xC0000040); // .data: initialized data, read, write
        return h;
    }

    [TestMethod]
    public void CapturedImageHeadersDecideWhatIsCode()
    {
        // A pointer into .data that the dump did not capture sits nearer than the return address: without the
        // headers it would pass for code; with them, only the .text word does.
        int ptr = 8;
        var stack = new byte[StackSize];
        Put(stack, 0x1f00, Obj, ptr);
        Put(stack, 0x1f00 + (ulong)ptr, ImageBase + 0x4800, ptr);
        Put(stack, 0x1f00 + 3 * (ulong)ptr, ImageBase + 0x1234, ptr);
        var names = new Dictionary<ulong, string> { [ImageBase + 0x1200] = "weak_refs!HolderThread", [ImageBase + 0x4800] = "weak_refs!g_big" };
        InMemoryTarget Inner(bool headers)
        {
            var t = new InMemoryTarget(TargetArchitecture.X64).AddRegion(StackStart, stack).AddRegion(Obj, new byte[0x40])
                .AddModule(new TargetModule(@"C:\t\weak_refs.exe", ImageBase, 0x10000, 0, null, null));
            return headers ? t.AddRegion(ImageBase, Headers()) : t;
        }
        HeldRange[] obj = [new(Obj, 0x40, HeldPart.Object)];
        var with = HolderFinder.Find(new World(Inner(true), names, null), NotFound(Obj), Obj, obj)!.Holders.Single();
        Assert.AreEqual("weak_refs!HolderThread+0x34", with.Frame!.Symbol);
        var without = HolderFinder.Find(new World(Inner(false), names, null), NotFound(Obj), Obj, obj)!.Holders.Single();
        Assert.AreEqual("weak_refs!g_big", without.Frame!.Symbol, "without headers an uncaptured image word is the best guess there is");
    }

    [TestMethod]
    public void ARangeAtTheTopOfTheAddressSpaceDoesNotWrapToZero()
    {
        // Memory full of zeros and small numbers: none of it points to the last bytes below 2^64.
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(Heap, new byte[0x1000]);
        var ranges = HolderFinder.RangesFor(NotFound(ulong.MaxValue - 3), ulong.MaxValue - 3, 8);
        Assert.AreEqual(4UL, ranges.Single().Size);
        Assert.AreEqual(0, HolderFinder.Find(target, NotFound(ulong.MaxValue - 3), ulong.MaxValue - 3)!.Holders.Count);
    }

    [TestMethod]
    public void RegistersHoldingTheObjectOrItsBlockAreHolders()
    {
        var inner = new InMemoryTarget(TargetArchitecture.X64).AddRegion(Obj, new byte[0x40]).AddRegion(Block, new byte[0x20]);
        ThreadRegister[] registers = [new("rax", 5), new("rcx", Obj + 8), new("rdx", Block), new("rbx", Obj + 0x40)];
        var report = HolderFinder.Find(new World(inner, [], null, registers), NotFound(Obj), Obj, ObjectAndBlock)!;
        Assert.AreEqual("rcx:Object:8,rdx:ControlBlock:0",
            string.Join(",", report.Registers.Select(r => $"{r.Register}:{r.Held.Part}:{r.OffsetInHeld}")), "rbx is one past the object");
        Assert.IsTrue(report.RegistersSearched);
        var text = RefsTextRenderer.Render(report);
        StringAssert.Contains(text, "rcx of thread 0x1a2c = 0x00000000`00010008 -> object+0x8");
        StringAssert.Contains(text, "strong count unknown: 1 candidate holder (1 in a register of thread 0x1a2c)");
        var noRegisters = HolderFinder.Find(new World(inner, [], null), NotFound(Obj), Obj, ObjectAndBlock)!;
        Assert.IsFalse(noRegisters.RegistersSearched, "a thread without a known context is not searched");
    }

    [TestMethod]
    public void AnUnwindingHostNamesTheFrameBetweenItsStackPointerAndItsCallers()
    {
        var report = HolderFinder.Find(new Unwinding(Planted(TargetArchitecture.X64, frames: true)), NotFound(Obj), Obj, ObjectAndBlock)!;
        var local = report.Holders.Single(h => h.Address == StackStart + 0x1f00);
        Assert.AreEqual(new HolderFrame(FrameKind.Unwound, 1, "weak_refs!HolderThread+0x34", null), local.Frame);
        var weak = report.Holders.Single(h => h.Address == StackStart + 0x1e00);
        Assert.AreEqual(0, weak.Frame!.Number);
        Assert.IsTrue(report.HostUnwinds);
        StringAssert.Contains(RefsTextRenderer.Render(report), "frame #01 weak_refs!HolderThread+0x34");
    }

    [TestMethod]
    [DataRow(8)]
    [DataRow(4)]
    public void RandomDataHoldsNoPointerIntoRangesItCannotContain(int ptr)
    {
        // Every word has its top bit set, so no word can fall in ranges below the top half.
        var random = new Random(20240611);
        var bytes = new byte[1 << 20];
        random.NextBytes(bytes);
        for (int i = ptr - 1; i < bytes.Length; i += ptr) bytes[i] |= 0x80;
        var arch = ptr == 8 ? TargetArchitecture.X64 : TargetArchitecture.X86;
        var target = new InMemoryTarget(arch).AddRegion(0x1000_0000, bytes);
        WantedRange[] wanted = [new(0x1000_0000, 1 << 20), new(0x10000, 0x7FFF_0000), new(0, 0x10000)];
        var scan = PointerScanner.Scan(target, wanted)!;
        Assert.AreEqual(0L, scan.TotalHits);
        Assert.AreEqual((ulong)bytes.Length, scan.BytesSearched);
        Assert.AreEqual(0UL, scan.BytesMissing);

        // Not vacuous: words planted at every lane position of a vector block, and at the ends, are each found once.
        int[] words = [0, 1, 2, 3, 4, 5, 6, 7, 15, 16, 31, 1000, bytes.Length / ptr - 1];
        foreach (int w in words) Put(bytes, (ulong)(w * ptr), 0x1000_0000UL + (ulong)w, ptr);
        var again = PointerScanner.Scan(target, wanted, chunkBytes: 4096)!;
        CollectionAssert.AreEqual(words.Select(w => 0x1000_0000UL + (ulong)(w * ptr)).ToList(), again.Hits.Select(h => h.Address).ToList());
        Assert.IsTrue(again.Hits.All(h => h.Range == 0));
    }

    [TestMethod]
    public void CancellationIsCheckedPerChunk()
    {
        var target = new InMemoryTarget(TargetArchitecture.X64).AddRegion(0x10000, new byte[0x10000]);
        int polls = 0;
        var scan = PointerScanner.Scan(target, [new WantedRange(0x10000, 8)], () => ++polls > 3, chunkBytes: 0x1000)!;
        Assert.IsTrue(scan.Cancelled);
        Assert.AreEqual(4, polls);
        Assert.AreEqual(3 * 0x1000UL, scan.BytesSearched);
    }

    [TestMethod]
    public void ATruncatedRegionIsSearchedAsFarAsItsBytesGoAndTheRestIsCountedMissing()
    {
        var bytes = new byte[0x1000];
        Put(bytes, 0xff8, Obj, 8);
        var target = new InMemoryTarget(TargetArchitecture.X64).AddTruncatedRegion(0x50000, bytes, 0x3000);
        var scan = PointerScanner.Scan(target, [new WantedRange(Obj, 0x40)])!;
        Assert.AreEqual(0x50ff8UL, scan.Hits.Single().Address);
        Assert.AreEqual(0x3000UL, scan.BytesListed);
        Assert.AreEqual(0x1000UL, scan.BytesSearched);
        Assert.AreEqual(0x2000UL, scan.BytesMissing);
        StringAssert.Contains(RefsTextRenderer.SearchedText(scan), "8192 bytes listed but not readable");
    }

    [TestMethod]
    public void WithoutAnObjectOnlyTheAddressItselfIsSearchedAndTheReportSaysSo()
    {
        var world = Planted(TargetArchitecture.X64);
        var report = HolderFinder.Find(world, NotFound(Obj), Obj)!;
        Assert.IsTrue(report.AddressOnly);
        // Obj+8 on the stack is not Obj itself; the block's target pointer is a holder now: the block is not known.
        CollectionAssert.AreEqual(new[] { Block + 0x18, DataAt + 0x100 }, report.Holders.Select(h => h.Address).Order().ToArray());
        var text = RefsTextRenderer.Render(report);
        StringAssert.Contains(text, "searched for pointers to that address itself only");
        StringAssert.Contains(text, "2 pointers to it (1 in module data, 1 in heap or other private memory)");
    }

    [TestMethod]
    public void DmlLinksEveryHolderAndEscapesData()
    {
        var report = HolderFinder.Find(Planted(TargetArchitecture.X64), NotFound(Obj), Obj, ObjectAndBlock)!;
        var dml = RefsDmlRenderer.Render(report);
        StringAssert.Contains(dml, "<link cmd=\"dps 0x00000000`00006f00 L1\">0x00000000`00006f00</link> -&gt; object+0x8");
        Assert.AreEqual(report.Holders.Count + report.SelfLinks.Count, dml.Split("<link cmd=\"dps ").Length - 1);
        var plain = System.Text.RegularExpressions.Regex.Replace(dml, "<[^>]+>", "").Replace("&gt;", ">").Replace("&lt;", "<").Replace("&quot;", "\"").Replace("&amp;", "&");
        Assert.AreEqual(RefsTextRenderer.Render(report), plain);
    }

    [TestMethod]
    public void JsonFollowsTheSchema()
    {
        var report = HolderFinder.Find(Planted(TargetArchitecture.X64), NotFound(Obj), Obj, ObjectAndBlock)!;
        using var doc = JsonDocument.Parse(RefsJsonRenderer.Render(report));
        var root = doc.RootElement;
        Assert.AreEqual("wrldbg.refs", root.GetProperty("schema").GetString());
        Assert.AreEqual(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.AreEqual(4, root.GetProperty("holders").GetArrayLength());
        var global = root.GetProperty("holders").EnumerateArray().Single(h => h.GetProperty("place").GetString() == "image");
        Assert.AreEqual("weak_refs!g_holder", global.GetProperty("symbol").GetString());
        Assert.AreEqual("0x403100", global.GetProperty("address").GetString());
        Assert.AreEqual(2, root.GetProperty("counts").GetProperty("stack").GetInt32());
        Assert.IsFalse(root.GetProperty("search").GetProperty("registersSearched").GetBoolean());
    }

    [TestMethod]
    public void TheBangCommandRunsAndATargetWithoutRegionsIsRefused()
    {
        var host = new FakeExtensionSession(Planted(TargetArchitecture.X64));
        Assert.AreEqual(OutcomeCategory.Done, host.Invoke("wrlrefs", "0x403100").Category, host.Errors.ToString());
        StringAssert.Contains(host.Text.ToString(), "holders of 0x00000000`00403100");

        var bare = new FakeExtensionSession(new MemoryOnly());
        var outcome = bare.Invoke("wrlrefs", "0x1000");
        Assert.AreEqual(OutcomeCategory.InputUnusable, outcome.Category);
    }

    private sealed class MemoryOnly : ITargetMemory
    {
        public TargetArchitecture Architecture => TargetArchitecture.X64;
        public int PointerSize => 8;
        public int Read(ulong address, Span<byte> buffer) => 0;
    }
}
