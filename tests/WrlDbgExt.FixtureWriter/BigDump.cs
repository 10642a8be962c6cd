using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;
using WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// A large dump without a large buffer: the writer lays out a dump whose highest range is a 1 MiB placeholder.
/// A Memory64List keeps its ranges' bytes back to back at the end of the file, so the last range's bytes are the
/// file's tail: its descriptor's size is raised and the rest of its random bytes are appended chunk by chunk.
/// </summary>
internal static class BigDump
{
    public const ulong Object = 0x2000_0000, ObjectSize = 0x40;
    private const ulong BigStart = 0x2_0000_0000, Stack = 0x10_0000, Image = 0x1_4000_0000, Heap = 0x3000_0000;
    private const int Chunk = 1 << 20;

    /// <summary>Far above the scenarios' arenas, stack and module, in x64 user space.</summary>
    private const ulong ScanBigStart = 0x7e00_0000_0000;

    public static void Write(string path, int megabytes)
    {
        var random = new Random(1234);
        var holders = new List<ulong>();
        byte[] Plant(ulong at, int size, params int[] offsets)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            Clear(bytes, Object, ObjectSize);
            foreach (int o in offsets) { BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(o), Object); holders.Add(at + (ulong)o); }
            return bytes;
        }

        var first = Plant(BigStart, Chunk, 0x100);
        var writer = new MinidumpWriter(TargetArchitecture.X64)
            .AddModule(@"C:\bench\bench.exe", Image, 0x10000)
            .AddMemory(Image + 0x2000, Plant(Image + 0x2000, 0x1000, 0x80))
            .AddThread(0x1a2c, 0, Stack, Plant(Stack, 0x4000, 0x3f00), stackPointer: Stack)
            .AddMemory(Heap, Plant(Heap, 0x1000, 0x10))
            .AddMemory(Object, new byte[ObjectSize])
            .AddMemory(BigStart, first);
        long length = Grow(path, writer.Build(), BigStart, first, megabytes, (i, chunk) =>
        {
            random.NextBytes(chunk);
            Clear(chunk, Object, ObjectSize);
            // A holder every 256 MiB, at the last word of its chunk (the end of a vector block).
            if (i % 256 == 0)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(Chunk - 8), Object);
                holders.Add(BigStart + (ulong)i * Chunk + Chunk - 8);
            }
        });
        Console.WriteLine($"wrote {path}: {length} bytes; object 0x{Object:x}; holders {string.Join(" ", holders.Order().Select(h => $"0x{h:x}"))}");
    }

    /// <summary>
    /// The scenarios' dump (a writer-made full-memory dump, as pdb-laid-out writes it) with one more range of
    /// MEGABYTES of random words, for scripts/bench.sh: a scan of it must find the scenarios' blocks and nothing
    /// else. <paramref name="decoysPerMiB"/> words per MiB point into the module's PE header page (vfptr candidates
    /// that decode as no block: headers hold no vftables), so the scan decodes candidates as in a real heap.
    /// </summary>
    public static void WriteScan(string path, IReadOnlyList<BlockScenario> scenarios, int megabytes, int decoysPerMiB)
    {
        var random = new Random(4321);
        var module = scenarios[0].Module;
        long decoys = 0;
        void Fill(byte[] chunk)
        {
            random.NextBytes(chunk);
            Clear(chunk, module.ImageBase, module.ImageSize);
            for (int k = 0; k < decoysPerMiB; k++)
            {
                int o = (int)(((long)chunk.Length * k + chunk.Length / 2) / decoysPerMiB) & ~7;
                BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(o), module.ImageBase + (ulong)random.Next(0x40, 0x400) * 8);
                decoys++;
            }
        }
        var first = new byte[Chunk];
        Fill(first);
        var regions = scenarios.SelectMany(s => s.Regions).Append((ScanBigStart, first));
        long length = Grow(path, ScenarioDump.Build(scenarios[0].Architecture, module, regions), ScanBigStart, first, megabytes, (_, chunk) => Fill(chunk));
        Console.WriteLine($"wrote {path}: {length} bytes; {decoys} decoy candidates at 0x{ScanBigStart:x}");
    }

    /// <summary>Writes <paramref name="head"/> with its last range (<paramref name="first"/> at <paramref name="start"/>) grown to MEGABYTES.</summary>
    private static long Grow(string path, byte[] head, ulong start, byte[] first, int megabytes, Action<int, byte[]> fill)
    {
        // The placeholder's descriptor {start, size} and its bytes, which must be the file's last.
        Span<byte> descriptor = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, start);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[8..], (ulong)first.Length);
        int at = head.AsSpan().IndexOf(descriptor);
        if (at < 0 || !head.AsSpan(head.Length - first.Length).SequenceEqual(first))
            throw new InvalidOperationException("the writer's Memory64List is not laid out as this generator expects");
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(at + 8), (ulong)megabytes * Chunk);

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(head);
        var chunk = new byte[Chunk];
        for (int i = 1; i < megabytes; i++)
        {
            fill(i, chunk);
            file.Write(chunk);
        }
        return file.Length;
    }

    /// <summary>Random words that happen to point into [start, start + size) would be real hits: move them away.</summary>
    private static void Clear(byte[] bytes, ulong start, ulong size)
    {
        for (int i = 0; i + 8 <= bytes.Length; i += 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i));
            if (v - start < size) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i), v ^ 0x8000_0000_0000_0000);
        }
    }
}
