using System.Buffers.Binary;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;

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

    public static void Write(string path, int megabytes)
    {
        var random = new Random(1234);
        var holders = new List<ulong>();
        byte[] Plant(ulong at, int size, params int[] offsets)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            Clear(bytes);
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
        var head = writer.Build();

        // The placeholder's descriptor {start, size} and its bytes, which must be the file's last.
        Span<byte> descriptor = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, BigStart);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor[8..], (ulong)Chunk);
        int at = head.AsSpan().IndexOf(descriptor);
        if (at < 0 || !head.AsSpan(head.Length - Chunk).SequenceEqual(first))
            throw new InvalidOperationException("the writer's Memory64List is not laid out as this generator expects");
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(at + 8), (ulong)megabytes * Chunk);

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(head);
        var chunk = new byte[Chunk];
        for (int i = 1; i < megabytes; i++)
        {
            random.NextBytes(chunk);
            Clear(chunk);
            // A holder every 256 MiB, at the last word of its chunk (the end of a vector block).
            if (i % 256 == 0)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(Chunk - 8), Object);
                holders.Add(BigStart + (ulong)i * Chunk + Chunk - 8);
            }
            file.Write(chunk);
        }
        Console.WriteLine($"wrote {path}: {file.Length} bytes; object 0x{Object:x}; holders {string.Join(" ", holders.Order().Select(h => $"0x{h:x}"))}");
    }

    /// <summary>Random words that happen to point into the object would be real hits: move them away (odds ~2^-58 a word).</summary>
    private static void Clear(byte[] bytes)
    {
        for (int i = 0; i + 8 <= bytes.Length; i += 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i));
            if (v - Object < ObjectSize) BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i), v ^ 0x8000_0000_0000_0000);
        }
    }
}
