using System.Buffers.Binary;

namespace WrlDbgExt.Pdb.Tests.Support;

/// <summary>
/// Test-only MSF writer: copies every stream of a PDB into a new file with another block size (lld writes
/// 4096 or, with /pdbpagesize, larger; the 512–2048-byte sizes of older PDBs come from here). Blocks 1 and 2 of
/// every block-size interval stay free for the free-block maps, as the format reserves them.
/// </summary>
internal static class MsfRepacker
{
    public static byte[] Repack(byte[] original, int blockSize)
    {
        var layout = new MsfLayout(original);
        var streams = layout.Streams.Select((s, i) => s.Size == uint.MaxValue ? null : ReadStream(original, layout, i)).ToList();
        var blocks = new List<byte[]> { new byte[blockSize], new byte[blockSize], new byte[blockSize] }; // superblock, two FPMs
        int Allocate(ReadOnlySpan<byte> content)
        {
            while (blocks.Count % blockSize is 1 or 2) blocks.Add(new byte[blockSize]);
            var block = new byte[blockSize];
            content.CopyTo(block);
            blocks.Add(block);
            return blocks.Count - 1;
        }
        var directory = new List<uint> { (uint)streams.Count };
        directory.AddRange(layout.Streams.Select(s => s.Size));
        foreach (var data in streams)
        {
            if (data is null) continue;
            for (int offset = 0; offset < data.Length; offset += blockSize)
                directory.Add((uint)Allocate(data.AsSpan(offset, Math.Min(blockSize, data.Length - offset))));
        }
        var directoryBytes = new byte[directory.Count * 4];
        for (int i = 0; i < directory.Count; i++) BinaryPrimitives.WriteUInt32LittleEndian(directoryBytes.AsSpan(i * 4), directory[i]);
        var blockMap = new byte[blockSize];
        int directoryBlocks = (directoryBytes.Length + blockSize - 1) / blockSize;
        if (directoryBlocks * 4 > blockSize) throw new InvalidOperationException("the directory needs more than one block map block");
        for (int i = 0; i < directoryBlocks; i++)
        {
            int block = Allocate(directoryBytes.AsSpan(i * blockSize, Math.Min(blockSize, directoryBytes.Length - i * blockSize)));
            BinaryPrimitives.WriteUInt32LittleEndian(blockMap.AsSpan(i * 4), (uint)block);
        }
        int blockMapAddress = Allocate(blockMap);
        var super = blocks[0];
        original.AsSpan(0, 32).CopyTo(super); // the magic
        BinaryPrimitives.WriteUInt32LittleEndian(super.AsSpan(32), (uint)blockSize);
        BinaryPrimitives.WriteUInt32LittleEndian(super.AsSpan(36), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(super.AsSpan(40), (uint)blocks.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(super.AsSpan(44), (uint)directoryBytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(super.AsSpan(52), (uint)blockMapAddress);
        return blocks.SelectMany(b => b).ToArray();
    }

    private static byte[] ReadStream(byte[] file, MsfLayout layout, int stream)
    {
        var (size, list) = layout.Streams[stream];
        var data = new byte[size];
        for (int i = 0; i < list.Count; i++)
        {
            int count = (int)Math.Min(layout.BlockSize, size - (long)i * layout.BlockSize);
            Array.Copy(file, (long)list[i] * layout.BlockSize, data, (long)i * layout.BlockSize, count);
        }
        return data;
    }
}
