// The ABI of memory_buffer.h (docs/winrt-internals.md §7) as source-generated COM interfaces.
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace MemoryBufferConsumers;

// IInspectable's three slots; the tests never call them.
[GeneratedComInterface, Guid("AF86E2E0-B12D-4C6A-9C5A-D7AA65101E90")]
internal partial interface IInspectable
{
    void GetIids(out uint count, out nint iids);
    void GetRuntimeClassName(out nint name);
    void GetTrustLevel(out int level);
}

[GeneratedComInterface, Guid("30D5A829-7FA4-4026-83BB-D75BAE4EA99E")]
internal partial interface IClosable : IInspectable
{
    void Close();
}

[GeneratedComInterface, Guid("FBC4DD2A-245B-11E4-AF98-689423260CF8")]
internal partial interface IMemoryBuffer : IInspectable
{
    // Raw, so the caller can make a unique (deterministically releasable) wrapper.
    nint CreateReference();
}

[GeneratedComInterface, Guid("FBC4DD29-245B-11E4-AF98-689423260CF8")]
internal partial interface IMemoryBufferReference : IInspectable
{
    uint GetCapacity();
    long AddClosed(nint handler);
    void RemoveClosed(long token);
}

// memorybuffer.h's IID, not the FBC4DD2D-… one pasted between C# samples (§8.5).
[GeneratedComInterface, Guid("5B0D3235-4DBA-4D44-865E-8F1D0E4FD04D")]
internal unsafe partial interface IMemoryBufferByteAccess
{
    void GetBuffer(out byte* value, out uint capacity);
}

[GeneratedComInterface, Guid("FBC4DD2D-245B-11E4-AF98-689423260CF8")]
internal unsafe partial interface ICopiedByteAccess
{
    void GetBuffer(out byte* value, out uint capacity);
}

// The reference implementation's stand-in for ITypedEventHandler<IMemoryBufferReference, IInspectable>
// (com.h: a made-up IID).
[GeneratedComInterface, Guid("7E57CA11-0000-4000-8000-57524C524546")]
internal partial interface IClosedHandler
{
    void Invoke(nint sender, nint args);
}

[GeneratedComClass]
internal sealed partial class ClosedCounter : IClosedHandler
{
    public int Raised;
    public void Invoke(nint sender, nint args) => Raised++; // keeps nothing (rule 6)
}

internal static unsafe partial class Native
{
    [LibraryImport("memorybuffer.dll")]
    public static partial int CreateMemoryBuffer(byte* data, uint capacity, out nint buffer);

    [LibraryImport("memorybuffer.dll")]
    public static partial int MemoryBufferFrees();

    public static readonly StrategyBasedComWrappers Wrappers = new();

    // FinalRelease only works on unique wrappers; cached ones wait for the GC.
    public static T Wrap<T>(nint pointer)
    {
        var wrapper = (T)Wrappers.GetOrCreateObjectForComInstance(pointer, CreateObjectFlags.UniqueInstance);
        Marshal.Release(pointer); // the wrapper holds its own reference
        return wrapper;
    }
}
