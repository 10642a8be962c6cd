using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace WrlDbgExt.Pdb.Msf;

/// <summary>
/// The MSF container of a PDB: a read-only memory map of the file, the superblock and the stream directory.
/// Stream contents stay in the map until a reader asks for bytes (docs/pdb-format.md §1).
/// </summary>
public sealed unsafe class MsfFile : IDisposable
{
    // "Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0": the big-block MSF 7.0 magic.
    private static ReadOnlySpan<byte> Magic => "Microsoft C/C++ MSF 7.00\r\n\u001aDS\0\0\0"u8;
    private const int SuperBlockSize = 56;

    private readonly MemoryMappedFile map;
    private readonly MemoryMappedViewAccessor view;
    private readonly byte* pointer;
    private readonly long fileLength;
    private readonly uint[] streamSizes;
    private readonly uint[] streamBlocks; // all streams' block numbers, one after another
    private readonly int[] firstBlock;    // index into streamBlocks of each stream's first block
    private bool disposed;

    private MsfFile(MemoryMappedFile map, MemoryMappedViewAccessor view, long fileLength)
    {
        this.map = map;
        this.view = view;
        this.fileLength = fileLength;
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        pointer = p + view.PointerOffset;
        try
        {
            (BlockSize, BlockCount, var directory) = ReadSuperBlockAndDirectory();
            (streamSizes, streamBlocks, firstBlock) = ParseDirectory(directory);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Maps <paramref name="path"/> read-only (others may keep reading it) and reads its directory.</summary>
    public static MsfFile Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = stream.Length;
        if (length < SuperBlockSize)
        {
            stream.Dispose();
            throw new PdbFormatException($"not a PDB: the file has {length} bytes, fewer than an MSF superblock");
        }
        MemoryMappedFile? map = null;
        try
        {
            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read,
                HandleInheritability.None, leaveOpen: false);
            var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            return new MsfFile(map, view, length);
        }
        catch (Exception e) when (e is not PdbFormatException)
        {
            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public int BlockSize { get; }

    public uint BlockCount { get; }

    public long FileLength => fileLength;

    public int StreamCount => streamSizes.Length;

    /// <summary>True when the directory lists <paramref name="index"/> and it is not nil (size 0xFFFFFFFF).</summary>
    public bool HasStream(int index) => index >= 0 && index < streamSizes.Length && streamSizes[index] != uint.MaxValue;

    /// <summary>A lazy view of stream <paramref name="index"/>; a nil stream reads as empty.</summary>
    public MsfStream GetStream(int index)
    {
        if (index < 0 || index >= streamSizes.Length)
            throw new PdbFormatException($"stream {index} does not exist (the directory lists {streamSizes.Length})");
        uint size = streamSizes[index] == uint.MaxValue ? 0 : streamSizes[index];
        int count = BlocksFor(size);
        return new MsfStream(this, index, size, new ReadOnlyMemory<uint>(streamBlocks, firstBlock[index], count));
    }

    /// <summary>The mapped bytes of block <paramref name="block"/> (checked against the file when the directory was read).</summary>
    internal ReadOnlySpan<byte> Block(uint block)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new ReadOnlySpan<byte>(pointer + (long)block * BlockSize, BlockSize);
    }

    private int BlocksFor(uint bytes) => (int)(((ulong)bytes + (ulong)BlockSize - 1) / (ulong)BlockSize);

    private bool BlockInFile(uint block) => block < BlockCount && ((long)block + 1) * BlockSize <= fileLength;

    private (int BlockSize, uint BlockCount, byte[] Directory) ReadSuperBlockAndDirectory()
    {
        var header = new ReadOnlySpan<byte>(pointer, SuperBlockSize);
        if (!header[..Magic.Length].SequenceEqual(Magic))
            throw new PdbFormatException("not a PDB: the MSF 7.00 magic is missing");
        uint blockSize = BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
        if (blockSize is not (512 or 1024 or 2048 or 4096 or 8192 or 16384 or 32768))
            throw new PdbFormatException($"MSF superblock: block size {blockSize} is not a power of two from 512 to 32768");
        uint numBlocks = BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
        uint directoryBytes = BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
        uint blockMapAddr = BinaryPrimitives.ReadUInt32LittleEndian(header[52..]);
        int bs = (int)blockSize;
        // Blocks past the end of a truncated file are refused when used, so only the count's sanity matters here.
        if (numBlocks == 0) throw new PdbFormatException("MSF superblock: the file has no blocks");
        ulong directoryBlocks = ((ulong)directoryBytes + blockSize - 1) / blockSize;
        if (directoryBytes < 4 || directoryBlocks * 4 > blockSize)
            throw new PdbFormatException($"MSF superblock: a directory of {directoryBytes} bytes does not fit one block map");
        if (blockMapAddr >= numBlocks || ((long)blockMapAddr + 1) * bs > fileLength)
            throw new PdbFormatException($"MSF superblock: block map block {blockMapAddr} is outside the file");

        var mapBlock = new ReadOnlySpan<byte>(pointer + (long)blockMapAddr * bs, bs);
        var directory = new byte[directoryBytes];
        for (int i = 0; i < (int)directoryBlocks; i++)
        {
            uint block = BinaryPrimitives.ReadUInt32LittleEndian(mapBlock[(i * 4)..]);
            if (block >= numBlocks || ((long)block + 1) * bs > fileLength)
                throw new PdbFormatException($"MSF directory: block {block} is outside the file");
            int offset = i * bs;
            int count = (int)Math.Min((uint)bs, directoryBytes - (uint)offset);
            new ReadOnlySpan<byte>(pointer + (long)block * bs, count).CopyTo(directory.AsSpan(offset));
        }
        return (bs, numBlocks, directory);
    }

    private (uint[] Sizes, uint[] Blocks, int[] First) ParseDirectory(byte[] directory)
    {
        var reader = new SpanReader(directory, "MSF directory");
        uint count = reader.U32();
        if ((ulong)count * 4 > (ulong)reader.Remaining)
            throw new PdbFormatException($"MSF directory: {count} streams do not fit {directory.Length} bytes");
        var sizes = new uint[count];
        var first = new int[count];
        long totalBlocks = 0;
        for (int i = 0; i < count; i++)
        {
            sizes[i] = reader.U32();
            first[i] = (int)totalBlocks;
            if (sizes[i] != uint.MaxValue) totalBlocks += BlocksFor(sizes[i]);
        }
        if (totalBlocks * 4 > reader.Remaining)
            throw new PdbFormatException($"MSF directory: the stream sizes need {totalBlocks} block numbers but only {reader.Remaining / 4} are listed");
        var blocks = new uint[totalBlocks];
        for (long i = 0; i < totalBlocks; i++)
        {
            uint block = reader.U32();
            if (!BlockInFile(block))
                throw new PdbFormatException($"MSF directory: block {block} is outside the file ({BlockCount} blocks, {fileLength} bytes)");
            blocks[i] = block;
        }
        return (sizes, blocks, first);
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        map.Dispose();
    }
}
