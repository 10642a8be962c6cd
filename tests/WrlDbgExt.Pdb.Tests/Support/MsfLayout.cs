using System.Buffers.Binary;

namespace WrlDbgExt.Pdb.Tests.Support;

/// <summary>
/// Where things sit in a PDB file's bytes, read independently of the reader under test, so that the hostile
/// tests can patch one field: the superblock fields, the directory and each stream's blocks.
/// </summary>
internal sealed class MsfLayout
{
    public MsfLayout(byte[] file)
    {
        BlockSize = (int)U32(file, 32);
        uint blockMap = U32(file, 52);
        uint directoryBytes = U32(file, 44);
        int directoryBlocks = (int)((directoryBytes + BlockSize - 1) / BlockSize);
        for (int i = 0; i < directoryBlocks; i++) DirectoryBlocks.Add((int)U32(file, (int)(blockMap * BlockSize + i * 4)));
        int count = (int)U32(file, DirectoryOffset(0));
        int next = 4 + count * 4;
        for (int s = 0; s < count; s++)
        {
            uint size = U32(file, DirectoryOffset(4 + s * 4));
            var blocks = new List<int>();
            int n = size == uint.MaxValue ? 0 : (int)((size + BlockSize - 1) / BlockSize);
            for (int b = 0; b < n; b++, next += 4) blocks.Add((int)U32(file, DirectoryOffset(next)));
            Streams.Add((size, blocks));
        }
    }

    public int BlockSize { get; }

    public List<int> DirectoryBlocks { get; } = [];

    public List<(uint Size, List<int> Blocks)> Streams { get; } = [];

    /// <summary>File offset of byte <paramref name="offset"/> of the directory.</summary>
    public int DirectoryOffset(int offset) => DirectoryBlocks[offset / BlockSize] * BlockSize + offset % BlockSize;

    /// <summary>File offset of the directory entry holding stream <paramref name="stream"/>'s size.</summary>
    public int StreamSizeOffset(int stream) => DirectoryOffset(4 + stream * 4);

    /// <summary>File offset of byte <paramref name="offset"/> of stream <paramref name="stream"/>.</summary>
    public int StreamOffset(int stream, long offset) =>
        (int)(Streams[stream].Blocks[(int)(offset / BlockSize)] * (long)BlockSize + offset % BlockSize);

    public static uint U32(byte[] data, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset));

    public static void Put32(byte[] data, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset), value);
}
