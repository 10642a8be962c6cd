using System.Buffers.Binary;
using WrlDbgExt.Pdb.Tests.Support;
using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>Truncated, mutated and cyclic PDBs give a result or a one-line PdbFormatException, within a time bound.</summary>
[TestClass]
public sealed class HostileInputTests
{
    [TestMethod]
    public void EveryKilobytePrefixIsRefusedOrRead()
    {
        int inputs = 0;
        foreach (var key in new[] { "x64/weak_refs", "x86/layouts" })
        {
            var bytes = File.ReadAllBytes(TestPdbs.PathOf(key));
            for (int length = 0; length < bytes.Length && inputs < 260; length += 1024, inputs++)
                HostileRun.Exercise(bytes[..length], $"{key} prefix {length}");
        }
        Assert.IsTrue(inputs >= 200, $"only {inputs} prefixes");
    }

    [TestMethod]
    public void MutatedSuperblockDirectoryAndHeadersAreRefusedOrRead()
    {
        var original = File.ReadAllBytes(TestPdbs.PathOf("x64/layouts"));
        var layout = new MsfLayout(original);
        uint[] extremes = [0, 1, 3, 0x7FFFFFFF, 0xFFFFFFFF, 0x10000];
        var patches = new List<(string Label, int Offset)>
        {
            ("block size", 32), ("block count", 40), ("directory bytes", 44), ("block map address", 52),
            ("stream count", layout.DirectoryOffset(0)), ("first directory block number", layout.DirectoryOffset(4 + layout.Streams.Count * 4)),
        };
        for (int s = 0; s < layout.Streams.Count; s++) patches.Add(($"stream {s} size", layout.StreamSizeOffset(s)));
        // TPI header: header size, first and end type index, record bytes, hash stream and bucket fields.
        foreach (int field in new[] { 4, 8, 12, 16, 20, 28, 32, 36 }) patches.Add(($"TPI header +{field}", layout.StreamOffset(2, field)));
        // DBI header: stream numbers and every substream size.
        foreach (int field in new[] { 12, 16, 20, 24, 28, 32, 36, 40, 48, 52 }) patches.Add(($"DBI header +{field}", layout.StreamOffset(3, field)));
        // PDB info stream: the named-stream map's sizes.
        foreach (int field in new[] { 28, 32, 36 }) patches.Add(($"info stream +{field}", layout.StreamOffset(1, field)));
        int runs = 0;
        foreach (var (label, offset) in patches)
            foreach (uint value in extremes)
            {
                var bytes = (byte[])original.Clone();
                MsfLayout.Put32(bytes, offset, value);
                HostileRun.Exercise(bytes, $"{label} = 0x{value:X}");
                runs++;
            }
        Assert.IsTrue(runs > 100);
    }

    [TestMethod]
    public void RandomByteFlipsAreRefusedOrRead()
    {
        var original = File.ReadAllBytes(TestPdbs.PathOf("x86/memory_buffers"));
        var random = new Random(11);
        for (int run = 0; run < 150; run++)
        {
            var bytes = (byte[])original.Clone();
            for (int flips = 0; flips < 8; flips++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            HostileRun.Exercise(bytes, $"seed 11 run {run}");
        }
    }

    [TestMethod]
    public void RandomBytesInsideEachStreamAreRefusedOrRead()
    {
        // File-wide flips mostly land in unused bytes; these land in one stream's bytes each.
        var original = File.ReadAllBytes(TestPdbs.PathOf("x64/layouts"));
        var layout = new MsfLayout(original);
        var random = new Random(1100);
        int runs = 0;
        for (int stream = 1; stream < layout.Streams.Count; stream++)
        {
            uint size = layout.Streams[stream].Size;
            if (size is 0 or uint.MaxValue) continue;
            for (int run = 0; run < 40; run++, runs++)
            {
                var bytes = (byte[])original.Clone();
                for (int flips = random.Next(1, 5); flips > 0; flips--)
                    bytes[layout.StreamOffset(stream, random.Next((int)size))] = (byte)random.Next(256);
                HostileRun.Exercise(bytes, $"stream {stream} seed 1100 run {run}");
            }
        }
        Assert.IsTrue(runs >= 400, $"{runs} runs");
    }

    [TestMethod]
    public void ACyclicModifierTerminates()
    {
        var (bytes, index) = PatchFirstRecord("x64/layouts", (ushort)TypeLeaf.Modifier, (record, ti) => BinaryPrimitives.WriteUInt32LittleEndian(record, ti));
        WithTemporaryPdb(bytes, pdb =>
        {
            Assert.AreEqual(index, ((ModifierType)pdb.Types.Get(index)).Modified, "the modifier now refers to itself");
            Assert.ThrowsExactly<PdbFormatException>(() => pdb.Types.SizeOf(index));
            Assert.ThrowsExactly<PdbFormatException>(() => pdb.Types.NameOf(index));
        });
        HostileRun.Exercise(bytes, "cyclic modifier");
    }

    [TestMethod]
    public void ASelfContinuingFieldListTerminates()
    {
        // The first LF_FIELDLIST that ends in LF_INDEX (u16 leaf, u16 pad, u32 list): point it at the list itself.
        var (bytes, index) = PatchFirstRecord("x86/layouts", (ushort)TypeLeaf.FieldList, (record, ti) =>
        {
            if (record.Length < 8 || BinaryPrimitives.ReadUInt16LittleEndian(record[^8..]) != (ushort)TypeLeaf.Index) return false;
            BinaryPrimitives.WriteUInt32LittleEndian(record[^4..], ti);
            return true;
        });
        WithTemporaryPdb(bytes, pdb => Assert.ThrowsExactly<PdbFormatException>(() => pdb.Types.GetFieldList(index)));
        HostileRun.Exercise(bytes, "self-continuing field list");
    }

    private static (byte[] Bytes, uint Index) PatchFirstRecord(string key, ushort leaf, Action<Span<byte>, uint> patch) =>
        PatchFirstRecord(key, leaf, (record, ti) => { patch(record, ti); return true; });

    // Walks the TPI records by their length prefixes (independently of the reader), copies the first record of
    // kind `leaf` that `patch` accepts out of its blocks, patches it and writes it back.
    private static (byte[] Bytes, uint Index) PatchFirstRecord(string key, ushort leaf, Func<Span<byte>, uint, bool> patch)
    {
        var bytes = File.ReadAllBytes(TestPdbs.PathOf(key));
        var layout = new MsfLayout(bytes);
        byte Byte(long offset) => bytes[layout.StreamOffset(2, offset)];
        uint headerSize = Read32(0, 4), begin = Read32(0, 8), end = Read32(0, 12);
        uint Read32(long _, long at) => (uint)(Byte(at) | Byte(at + 1) << 8 | Byte(at + 2) << 16 | Byte(at + 3) << 24);
        long offset = headerSize;
        for (uint ti = begin; ti < end; ti++)
        {
            int length = Byte(offset) | Byte(offset + 1) << 8;
            if ((Byte(offset + 2) | Byte(offset + 3) << 8) == leaf)
            {
                var record = new byte[length - 2];
                for (int i = 0; i < record.Length; i++) record[i] = Byte(offset + 4 + i);
                if (patch(record, ti))
                {
                    for (int i = 0; i < record.Length; i++) bytes[layout.StreamOffset(2, offset + 4 + i)] = record[i];
                    return (bytes, ti);
                }
            }
            offset += 2 + length;
        }
        Assert.Fail($"{key}: no record of leaf 0x{leaf:X4} to patch");
        return default;
    }

    private static void WithTemporaryPdb(byte[] bytes, Action<PdbFile> check)
    {
        using var file = new TemporaryPdb(bytes);
        using var pdb = PdbFile.Open(file.Path);
        check(pdb);
    }

    /// <summary>
    /// Fuzz regression (PdbFuzzTests, input 96 of seed 1): another block copied over each block of the type stream, so
    /// a record read straight through the index-offset buffer has a length of 0 or 1. It was an IndexOutOfRange.
    /// </summary>
    [TestMethod]
    public void ABlockCopiedOverTheTypeRecordsIsRefusedNotACrash()
    {
        foreach (var key in new[] { "x86/weak_refs", "x64/layouts" })
        {
            var original = File.ReadAllBytes(TestPdbs.PathOf(key));
            var layout = new MsfLayout(original);
            var tpi = layout.Streams[2].Blocks;
            int source = layout.Streams[1].Blocks[0]; // the info stream's block: no type records
            foreach (int block in tpi)
            {
                var bytes = (byte[])original.Clone();
                Array.Copy(original, source * layout.BlockSize, bytes, block * layout.BlockSize, layout.BlockSize);
                HostileRun.Exercise(bytes, $"{key}: block {source} over type block {block}");
            }
        }
    }
}
