using System.Runtime.InteropServices;

namespace WrlDbgExt.Engine.DbgEng;

/// <summary>IDebugDataSpaces (88F7DFAB-3EA7-4C3A-AEFB-C4E8106173AA): virtual memory reads only (the tool is read-only).</summary>
internal sealed unsafe class DebugDataSpaces(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("88F7DFAB-3EA7-4C3A-AEFB-C4E8106173AA");

    /// <summary>ReadVirtual (slot 3); the number of bytes read, 0 when none could be.</summary>
    public int ReadVirtual(ulong address, Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        uint read = 0;
        int hr;
        fixed (byte* data = buffer)
            hr = ((delegate* unmanaged<nint, ulong, byte*, uint, uint*, int>)Slot(3))(Pointer, address, data, (uint)buffer.Length, &read);
        return hr < 0 ? 0 : (int)Math.Min(read, (uint)buffer.Length);
    }

    /// <summary>The same object's IDebugDataSpaces2 (for QueryVirtual); null when the engine lacks it. The caller disposes it.</summary>
    public DebugDataSpaces2? QueryDataSpaces2()
    {
        nint p = Query(Pointer, DebugDataSpaces2.Iid);
        return p == 0 ? null : new DebugDataSpaces2(p);
    }
}

/// <summary>IDebugDataSpaces2 (7A5E852F-96E9-468F-AC1B-0B3ADDC4A049): the memory map.</summary>
internal sealed unsafe class DebugDataSpaces2(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("7A5E852F-96E9-468F-AC1B-0B3ADDC4A049");

    /// <summary>QueryVirtual (slot 28): the region at or after <paramref name="address"/>, as VirtualQueryEx reports it.</summary>
    public bool TryQueryVirtual(ulong address, out MemoryBasicInformation64 info)
    {
        MemoryBasicInformation64 result = default;
        int hr = ((delegate* unmanaged<nint, ulong, MemoryBasicInformation64*, int>)Slot(28))(Pointer, address, &result);
        info = result;
        return hr >= 0;
    }
}

/// <summary>MEMORY_BASIC_INFORMATION64 (winnt.h): 48 bytes, two alignment fields.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MemoryBasicInformation64
{
    public ulong BaseAddress;
    public ulong AllocationBase;
    public uint AllocationProtect;
    public uint Alignment1;
    public ulong RegionSize;
    public uint State;
    public uint Protect;
    public uint Type;
    public uint Alignment2;

    public const uint MemCommit = 0x1000;
    public const uint PageGuard = 0x100;

    /// <summary>PAGE_READONLY, _READWRITE, _WRITECOPY, _EXECUTE_READ, _EXECUTE_READWRITE, _EXECUTE_WRITECOPY.</summary>
    public const uint ReadableProtections = 0x02 | 0x04 | 0x08 | 0x20 | 0x40 | 0x80;

    /// <summary>Committed, readable and not a guard page.</summary>
    public readonly bool IsReadable => State == MemCommit && (Protect & ReadableProtections) != 0 && (Protect & PageGuard) == 0;
}
