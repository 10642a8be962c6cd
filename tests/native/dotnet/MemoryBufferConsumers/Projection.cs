// What a C# projection gives the consumer: IClosable as IDisposable (so `using` closes), Capacity, and
// the byte view through IMemoryBufferByteAccess.
using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace MemoryBufferConsumers;

internal sealed unsafe class MemoryBuffer : IDisposable
{
    private readonly IMemoryBuffer _abi;

    public MemoryBuffer(byte* data, uint capacity)
    {
        Marshal.ThrowExceptionForHR(Native.CreateMemoryBuffer(data, capacity, out nint pointer));
        _abi = Native.Wrap<IMemoryBuffer>(pointer);
    }

    public MemoryBufferReference CreateReference() => new(Native.Wrap<IMemoryBufferReference>(_abi.CreateReference()));
    public void Dispose() => ((IClosable)_abi).Close();
    // Drops our COM reference without Close, as the GC eventually would.
    public void Release() => ((ComObject)(object)_abi).FinalRelease();
}

internal sealed unsafe class MemoryBufferReference(IMemoryBufferReference abi) : IDisposable
{
    public IMemoryBufferReference Abi { get; } = abi;
    public uint Capacity => Abi.GetCapacity();

    public (nint Data, uint Capacity) GetBuffer()
    {
        ((IMemoryBufferByteAccess)Abi).GetBuffer(out byte* data, out uint capacity);
        return ((nint)data, capacity);
    }

    public void Dispose() => ((IClosable)Abi).Close();
    public void Release() => ((ComObject)(object)Abi).FinalRelease();
}
