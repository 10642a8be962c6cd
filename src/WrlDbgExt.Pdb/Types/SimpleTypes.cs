namespace WrlDbgExt.Pdb.Types;

/// <summary>Names and sizes of the built-in types (cvinfo.h TYPE_ENUM_e, as llvm-pdbutil names them).</summary>
public static class SimpleTypes
{
    private static readonly Dictionary<byte, (string Name, uint Size)> Kinds = new()
    {
        [0x00] = ("<no type>", 0), [0x03] = ("void", 0), [0x07] = ("<not translated>", 0), [0x08] = ("HRESULT", 4),
        [0x10] = ("signed char", 1), [0x11] = ("short", 2), [0x12] = ("long", 4), [0x13] = ("__int64", 8), [0x14] = ("__int128", 16),
        [0x20] = ("unsigned char", 1), [0x21] = ("unsigned short", 2), [0x22] = ("unsigned long", 4),
        [0x23] = ("unsigned __int64", 8), [0x24] = ("unsigned __int128", 16),
        [0x30] = ("bool", 1), [0x31] = ("__bool16", 2), [0x32] = ("__bool32", 4), [0x33] = ("__bool64", 8),
        [0x40] = ("float", 4), [0x41] = ("double", 8), [0x42] = ("long double", 10), [0x43] = ("__float128", 16),
        [0x44] = ("__float48", 6), [0x45] = ("__float32pp", 4), [0x46] = ("__half", 2),
        [0x68] = ("__int8", 1), [0x69] = ("unsigned __int8", 1),
        [0x70] = ("char", 1), [0x71] = ("wchar_t", 2), [0x72] = ("short", 2), [0x73] = ("unsigned short", 2),
        [0x74] = ("int", 4), [0x75] = ("unsigned", 4), [0x76] = ("__int64", 8), [0x77] = ("unsigned __int64", 8),
        [0x78] = ("__int128", 16), [0x79] = ("unsigned __int128", 16),
        [0x7A] = ("char16_t", 2), [0x7B] = ("char32_t", 4), [0x7C] = ("char8_t", 1),
    };

    /// <summary>Decodes a simple type index; unknown kinds get a made-up name and size 0 rather than an error.</summary>
    public static SimpleType Describe(uint index)
    {
        byte kind = (byte)(index & 0xFF);
        byte mode = (byte)((index >> 8) & 0xF);
        var (name, size) = Kinds.TryGetValue(kind, out var known) ? known : ($"<simple 0x{kind:X2}>", 0u);
        if (mode == 0) return new SimpleType(index, kind, mode, name, size);
        // Modes 1–3 are 16-bit near/far/huge, 4–5 32-bit, 6 64-bit, 7 128-bit pointers.
        uint pointerSize = mode switch { 1 or 2 or 3 => 2u, 4 or 5 => 4u, 6 => 8u, 7 => 16u, _ => 0u };
        return new SimpleType(index, kind, mode, name + "*", pointerSize);
    }
}
