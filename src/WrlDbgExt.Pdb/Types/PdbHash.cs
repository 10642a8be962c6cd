namespace WrlDbgExt.Pdb.Types;

/// <summary>
/// The PDB string hash ("hashStringV1", Microsoft's LHashPbCb) that places UDT names in the TPI hash buckets:
/// XOR of the name's little-endian u32 words, then a trailing u16 and byte, OR 0x20202020 (case-folding),
/// then x ^= x >> 11; x ^= x >> 16. Source: LLVM docs/PDB/TpiStream.html and llvm/lib/DebugInfo/PDB/Native/Hash.cpp.
/// </summary>
public static class PdbHash
{
    public static uint HashStringV1(ReadOnlySpan<byte> name)
    {
        uint result = 0;
        int i = 0;
        for (; i + 4 <= name.Length; i += 4)
            result ^= (uint)(name[i] | name[i + 1] << 8 | name[i + 2] << 16 | name[i + 3] << 24);
        if (name.Length - i >= 2)
        {
            result ^= (uint)(name[i] | name[i + 1] << 8);
            i += 2;
        }
        if (name.Length - i == 1) result ^= name[i];
        result |= 0x20202020;
        result ^= result >> 11;
        return result ^ (result >> 16);
    }

    public static uint HashStringV1(string name) => HashStringV1(System.Text.Encoding.UTF8.GetBytes(name));
}
