namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>A captured memory range: the bytes that live at Address in the target.</summary>
internal sealed record MinidumpMemoryRegion(ulong Address, byte[] Bytes)
{
    public ulong End => Address + (ulong)Bytes.Length;
}
