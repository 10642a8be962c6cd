// The IMemoryBuffer consumer rules 1–6 of docs/winrt-internals.md §8.5 in C#, against the reference
// implementation in memorybuffer.dll. Prints one PASS/FAIL line per test and closes with
// "native-dotnet: N passed, M failed"; exit code 1 when any failed.
using System.Runtime.InteropServices;
using MemoryBufferConsumers;

const uint Size = 40;
int passed = 0, failed = 0;

unsafe void Run(string name, Action<nint> test)
{
    nint block = (nint)NativeMemory.AllocZeroed(Size);
    try
    {
        test(block);
        passed++;
        Console.WriteLine($"PASS {name}");
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message}");
    }
    finally
    {
        NativeMemory.Free((void*)block);
    }
}

static void Expect<T>(T actual, T expected, string what)
{
    if (!EqualityComparer<T>.Default.Equals(actual, expected))
        throw new InvalidOperationException($"{what}: expected {expected}, got {actual}");
}

unsafe MemoryBuffer Over(nint block) => new((byte*)block, Size);

// Rule 1: the bytes come from a reference's IMemoryBufferByteAccess and are the buffer's own block.
Run("consumer_rule1_bytes_through_a_reference_csharp", block =>
{
    int frees = Native.MemoryBufferFrees();
    using (var buffer = Over(block))
    {
        using var writer = buffer.CreateReference();
        var (data, capacity) = writer.GetBuffer();
        Expect(data, block, "data");
        Expect(capacity, Size, "GetBuffer capacity");
        Expect(writer.Capacity, Size, "Capacity");
        unsafe { ((byte*)data)[Size - 1] = 0x5A; }
        using var reader = buffer.CreateReference();
        unsafe { Expect(((byte*)reader.GetBuffer().Data)[Size - 1], (byte)0x5A, "byte seen by a second reference"); }
    }
    Expect(Native.MemoryBufferFrees() - frees, 1, "block releases");
});

// Rule 2: each consumer owns its reference; closing another's leaves ours intact.
Run("consumer_rule2_one_reference_per_consumer_csharp", block =>
{
    using var buffer = Over(block);
    using var mine = buffer.CreateReference();
    using (var theirs = buffer.CreateReference())
        Expect(theirs.GetBuffer().Data, block, "their data");
    Expect(mine.GetBuffer(), (block, Size), "my view after theirs closed");
});

// Rule 3: a pointer dies with its reference; asking again after Close gives null, 0.
Run("consumer_rule3_pointer_dies_with_its_reference_csharp", block =>
{
    using var buffer = Over(block);
    var reference = buffer.CreateReference();
    using (reference)
        Expect(reference.GetBuffer().Data, block, "data while open");
    Expect(reference.GetBuffer(), ((nint)0, 0u), "GetBuffer after Close");
    Expect(reference.Capacity, 0u, "Capacity after Close");
    reference.Release();
});

// Rule 4: CreateReference after the buffer's Close succeeds with an empty reference.
Run("consumer_rule4_empty_reference_after_buffer_close_csharp", block =>
{
    int frees = Native.MemoryBufferFrees();
    var buffer = Over(block);
    buffer.Dispose();
    Expect(Native.MemoryBufferFrees() - frees, 1, "block releases after Close with no reference");
    using var late = buffer.CreateReference();
    Expect(late.Capacity, 0u, "Capacity");
    Expect(late.GetBuffer(), ((nint)0, 0u), "GetBuffer");
    buffer.Release();
});

// Rule 5: the block goes exactly once, after the buffer and every reference are closed or released.
Run("consumer_rule5_block_freed_after_last_close_or_release_csharp", block =>
{
    int frees = Native.MemoryBufferFrees();
    var buffer = Over(block);
    var first = buffer.CreateReference();
    var second = buffer.CreateReference();
    buffer.Release(); // dropped without Close
    Expect(Native.MemoryBufferFrees() - frees, 0, "releases after the buffer");
    first.Dispose();
    Expect(Native.MemoryBufferFrees() - frees, 0, "releases after one reference");
    Expect(second.GetBuffer().Data, block, "the last reference's data");
    second.Release(); // its last COM reference: closes it
    Expect(Native.MemoryBufferFrees() - frees, 1, "releases after the last");
    first.Release();
    Expect(Native.MemoryBufferFrees() - frees, 1, "releases at the end");
});

// Rule 6: the owner closes its reference itself; Closed need not come (not here when the buffer is
// released rather than closed), so nothing may wait for it.
Run("consumer_rule6_no_reliance_on_closed_csharp", block =>
{
    int frees = Native.MemoryBufferFrees();
    var counter = new ClosedCounter();
    nint unknown = Native.Wrappers.GetOrCreateComInterfaceForObject(counter, CreateComInterfaceFlags.None);
    Guid handlerIid = typeof(IClosedHandler).GUID;
    Marshal.ThrowExceptionForHR(Marshal.QueryInterface(unknown, in handlerIid, out nint handler));
    var buffer = Over(block);
    using (var reference = buffer.CreateReference())
    {
        long token = reference.Abi.AddClosed(handler);
        buffer.Release();
        Expect(counter.Raised, 0, "Closed raised");
        Expect(reference.GetBuffer(), (block, Size), "view after the buffer was released");
        reference.Abi.RemoveClosed(token);
    }
    Expect(Native.MemoryBufferFrees() - frees, 1, "block releases");
    Expect(counter.Raised, 0, "Closed raised");
    Marshal.Release(handler);
    Marshal.Release(unknown);
});

// FBC4DD2D-245B-11E4-AF98-689423260CF8, often pasted as IMemoryBufferByteAccess's IID, is no interface.
Run("consumer_copied_csharp_byte_access_iid_is_refused_csharp", block =>
{
    using var buffer = Over(block);
    using var reference = buffer.CreateReference();
    if (!ComWrappers.TryGetComInstance(reference.Abi, out nint unknown)) throw new InvalidOperationException("no COM instance");
    Guid copied = new("FBC4DD2D-245B-11E4-AF98-689423260CF8"), sdk = typeof(IMemoryBufferByteAccess).GUID;
    Expect(Marshal.QueryInterface(unknown, in copied, out nint none), unchecked((int)0x80004002), "QI with the copied IID");
    Expect(none, 0, "out-param");
    Expect(Marshal.QueryInterface(unknown, in sdk, out nint access), 0, "QI with memorybuffer.h's IID");
    Marshal.Release(access);
    Marshal.Release(unknown);
    Expect(reference.Abi is ICopiedByteAccess, false, "cast to the copied interface");
});

Console.WriteLine($"native-dotnet: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
