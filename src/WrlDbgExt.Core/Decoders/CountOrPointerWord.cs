namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// The pointer-sized word of weak-capable WRL RuntimeClass (<c>refCount_</c>) and C++/WinRT
/// (<c>m_references</c>): either the strong count, or, with the top bit set, the control block's
/// address shifted right by one (docs/winrt-internals.md §2.3, §4.1).
/// </summary>
public readonly record struct CountOrPointerWord(ulong Raw, int PointerSize)
{
    /// <summary>Set ⇔ the signed pointer-sized value is negative.</summary>
    public bool IsPointer => PointerSize == 8 ? unchecked((long)Raw) < 0 : unchecked((int)(uint)Raw) < 0;

    /// <summary>Decoded block address: <c>v &lt;&lt; 1</c> truncated to the pointer width (x86: 32 bits).</summary>
    public ulong ControlBlock => PointerSize == 8 ? Raw << 1 : (uint)(Raw << 1);

    /// <summary>Count mode: only the low 32 bits are used.</summary>
    public uint Count => (uint)Raw;

    public static CountOrPointerWord FromRaw(ulong raw, int pointerSize)
    {
        if (pointerSize is not (4 or 8)) throw new ArgumentOutOfRangeException(nameof(pointerSize));
        return new CountOrPointerWord(pointerSize == 4 ? (uint)raw : raw, pointerSize);
    }

    /// <summary>Encodes a block address as the libraries do: arithmetic shift right by one, top bit set.</summary>
    public static CountOrPointerWord Encode(ulong block, int pointerSize)
    {
        if ((block & 1) != 0) throw new ArgumentException("a control block is at least 2-byte aligned", nameof(block));
        ulong raw = pointerSize == 8
            ? unchecked((ulong)((long)block >> 1)) | 0x8000_0000_0000_0000UL
            : unchecked((uint)((int)(uint)block >> 1)) | 0x8000_0000U;
        return new CountOrPointerWord(raw, pointerSize);
    }
}
