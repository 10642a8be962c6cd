using System.Buffers.Binary;
using WrlDbgExt.Core.Layouts;

namespace WrlDbgExt.Core.Targets;

/// <summary>Typed little-endian reads over <see cref="ITargetMemory"/>; every read says whether it was whole.</summary>
public static class TargetMemoryExtensions
{
    public static bool TryReadExactly(this ITargetMemory memory, ulong address, Span<byte> buffer) =>
        memory.Read(address, buffer) == buffer.Length;

    public static bool TryReadUInt32(this ITargetMemory memory, ulong address, out uint value)
    {
        Span<byte> b = stackalloc byte[4];
        bool ok = memory.TryReadExactly(address, b);
        value = ok ? BinaryPrimitives.ReadUInt32LittleEndian(b) : 0;
        return ok;
    }

    public static bool TryReadInt32(this ITargetMemory memory, ulong address, out int value)
    {
        bool ok = memory.TryReadUInt32(address, out uint raw);
        value = unchecked((int)raw);
        return ok;
    }

    public static bool TryReadUInt64(this ITargetMemory memory, ulong address, out ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        bool ok = memory.TryReadExactly(address, b);
        value = ok ? BinaryPrimitives.ReadUInt64LittleEndian(b) : 0;
        return ok;
    }

    /// <summary>Reads an unsigned little-endian value of 1 to 8 bytes (zero-extended); null when not whole or the size is not 1–8.</summary>
    public static ulong? ReadUnsigned(this ITargetMemory memory, ulong address, int size)
    {
        if (size is <= 0 or > 8) return null;
        Span<byte> b = stackalloc byte[8];
        b.Clear();
        return memory.TryReadExactly(address, b[..size]) ? BinaryPrimitives.ReadUInt64LittleEndian(b) : null;
    }

    /// <summary>Reads a pointer-sized unsigned value (zero-extended on 32-bit targets).</summary>
    public static bool TryReadPointer(this ITargetMemory memory, ulong address, out ulong value)
    {
        if (memory.PointerSize == 8) return memory.TryReadUInt64(address, out value);
        bool ok = memory.TryReadUInt32(address, out uint v);
        value = v;
        return ok;
    }

    public static IModuleList? Modules(this ITargetMemory memory) => memory as IModuleList;

    public static ISymbolLookup? Symbols(this ITargetMemory memory) => memory as ISymbolLookup;

    public static ILayoutSource? SymbolLayouts(this ITargetMemory memory) => (memory as ITypeLayoutProvider)?.SymbolLayouts;

    public static IMemoryRegions? MemoryRegions(this ITargetMemory memory) => memory as IMemoryRegions;

    public static ITypeMembers? TypeMembers(this ITargetMemory memory) => memory as ITypeMembers;

    /// <summary>Why the byte at <paramref name="address"/> is missing: listed but cut off, never listed, or unknown.</summary>
    public static MemoryAbsence WhyUnreadable(this ITargetMemory memory, ulong address)
    {
        if (memory.MemoryRegions() is not { } list) return MemoryAbsence.Unknown;
        foreach (var region in list.Regions)
        {
            if (region.Contains(address))
                return address - region.Start >= region.BytesAvailable ? MemoryAbsence.Truncated : MemoryAbsence.Unknown;
        }
        return MemoryAbsence.NotCaptured;
    }
}
