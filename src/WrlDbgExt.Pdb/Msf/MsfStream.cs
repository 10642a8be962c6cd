namespace WrlDbgExt.Pdb.Msf;

/// <summary>One stream of an MSF file: its size and block list. Bytes are copied out of the map only on request.</summary>
public sealed class MsfStream
{
    private readonly MsfFile file;
    private readonly ReadOnlyMemory<uint> blocks;

    internal MsfStream(MsfFile file, int index, uint length, ReadOnlyMemory<uint> blocks)
    {
        this.file = file;
        this.blocks = blocks;
        Index = index;
        Length = length;
    }

    public int Index { get; }

    public uint Length { get; }

    /// <summary>Copies <paramref name="destination"/>.Length bytes from <paramref name="offset"/>, across blocks.</summary>
    public void Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset + destination.Length > Length)
            throw new PdbFormatException($"stream {Index}: {destination.Length} bytes wanted at offset {offset} but the stream has {Length}");
        int blockSize = file.BlockSize;
        var list = blocks.Span;
        while (!destination.IsEmpty)
        {
            int blockIndex = (int)(offset / blockSize);
            int within = (int)(offset % blockSize);
            int count = Math.Min(blockSize - within, destination.Length);
            file.Block(list[blockIndex]).Slice(within, count).CopyTo(destination);
            destination = destination[count..];
            offset += count;
        }
    }

    public byte[] ReadBytes(long offset, int count)
    {
        if (count < 0) throw new PdbFormatException($"stream {Index}: negative length {count} at offset {offset}");
        var bytes = new byte[count];
        Read(offset, bytes);
        return bytes;
    }

    /// <summary>The whole stream as one array: for the small streams (PDB info, DBI, publics, one module).</summary>
    public byte[] ReadAll() => ReadBytes(0, (int)Length);

    public ushort U16At(long offset)
    {
        Span<byte> b = stackalloc byte[2];
        Read(offset, b);
        return (ushort)(b[0] | b[1] << 8);
    }
}
