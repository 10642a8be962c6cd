using System.Runtime.InteropServices;

namespace WrlDbgExt.Engine.Tests;

/// <summary>
/// One call a fake received: the method, its arguments after <c>this</c> (widened to 64 bits, in the
/// header's order) and the strings its PCSTR arguments held at the time (null for other arguments).
/// </summary>
internal sealed record FakeCall(string Method, ulong[] Args, string?[] Texts)
{
    public ulong Arg(string iface, string parameter) => Args[DbgEngHeader.ParameterIndex(iface, Method, parameter)];

    public string? Text(string iface, string parameter) => Texts[DbgEngHeader.ParameterIndex(iface, Method, parameter)];
}

/// <summary>
/// A COM object in native memory: <c>[vtable*, GCHandle]</c>, with a vtable as long as the interface's in
/// dbgeng.h. Slots are filled only where a test puts a method (at the slot the header gives); every other
/// slot is a trap that counts the call and returns E_NOTIMPL, so a wrapper calling the wrong slot is seen.
/// IUnknown is real: QueryInterface answers the fake's own IID and the interfaces added with
/// <see cref="Answer"/>, and a reference count is kept.
/// </summary>
internal sealed unsafe class FakeCom : IDisposable
{
    public const int ENotImpl = unchecked((int)0x80004001);
    public const int ENoInterface = unchecked((int)0x80004002);
    public const int EFail = unchecked((int)0x80004005);
    private static readonly Guid IidIUnknown = new("00000000-0000-0000-C000-000000000046");

    private readonly nint* _object;
    private readonly nint* _vtable;
    private readonly GCHandle _self;
    private readonly Dictionary<Guid, FakeCom> _answers = new();

    public FakeCom(string iface)
    {
        Interface = iface;
        Iid = DbgEngHeader.Iid(iface);
        SlotCount = DbgEngHeader.SlotCount(iface);
        _vtable = (nint*)NativeMemory.AllocZeroed((nuint)(SlotCount * sizeof(nint)));
        for (int i = 0; i < SlotCount; i++) _vtable[i] = (nint)(delegate* unmanaged<nint, int>)&Trap;
        _vtable[0] = (nint)(delegate* unmanaged<nint, Guid*, nint*, int>)&QueryInterface;
        _vtable[1] = (nint)(delegate* unmanaged<nint, uint>)&AddRef;
        _vtable[2] = (nint)(delegate* unmanaged<nint, uint>)&Release;
        _self = GCHandle.Alloc(this);
        _object = (nint*)NativeMemory.AllocZeroed((nuint)(2 * sizeof(nint)));
        _object[0] = (nint)_vtable;
        _object[1] = GCHandle.ToIntPtr(_self);
    }

    public string Interface { get; }

    public Guid Iid { get; }

    public int SlotCount { get; }

    public nint Pointer => (nint)_object;

    /// <summary>Starts at 1: the reference the test holds.</summary>
    public int References { get; set; } = 1;

    public List<FakeCall> Calls { get; } = new();

    /// <summary>Calls to slots no test filled.</summary>
    public int Traps { get; private set; }

    /// <summary>HRESULT a method returns (default S_OK).</summary>
    public Dictionary<string, int> Results { get; } = new();

    /// <summary>Values a method writes to its out parameters, by a name the method's entry point documents.</summary>
    public Dictionary<string, ulong> Out { get; } = new();

    /// <summary>Free-form behaviour for entry points that need more than fixed values.</summary>
    public object? Behaviour { get; set; }

    /// <summary>Puts <paramref name="function"/> at the slot dbgeng.h gives <paramref name="method"/>.</summary>
    public FakeCom Implement(string method, void* function)
    {
        _vtable[DbgEngHeader.Slot(Interface, method)] = (nint)function;
        return this;
    }

    /// <summary>QueryInterface for <paramref name="other"/>'s IID returns it (AddRef'd).</summary>
    public FakeCom Answer(FakeCom other)
    {
        _answers[other.Iid] = other;
        return this;
    }

    public int Result(string method) => Results.TryGetValue(method, out var hr) ? hr : 0;

    public FakeCall Record(string method, params ulong[] args) => Record(method, args, new string?[args.Length]);

    public FakeCall Record(string method, ulong[] args, string?[] texts)
    {
        var call = new FakeCall(method, args, texts);
        CallCount++;
        if (RecordCalls) lock (Calls) Calls.Add(call);
        return call;
    }

    /// <summary>False for fakes called a million times: only <see cref="CallCount"/> is kept.</summary>
    public bool RecordCalls { get; set; } = true;

    public long CallCount { get; private set; }

    /// <summary>The NUL-terminated UTF-8 string at <paramref name="p"/>, or null.</summary>
    public static string? Utf8(void* p) => p == null ? null : Marshal.PtrToStringUTF8((nint)p);

    public IEnumerable<FakeCall> CallsTo(string method) => Calls.Where(c => c.Method == method);

    public static FakeCom Of(nint self) => (FakeCom)GCHandle.FromIntPtr(((nint*)self)[1]).Target!;

    public void Dispose()
    {
        if (!_self.IsAllocated) return;
        _self.Free();
        NativeMemory.Free(_object);
        NativeMemory.Free(_vtable);
    }

    [UnmanagedCallersOnly]
    private static int Trap(nint self)
    {
        Of(self).Traps++;
        return ENotImpl;
    }

    [UnmanagedCallersOnly]
    private static int QueryInterface(nint self, Guid* iid, nint* result)
    {
        var fake = Of(self);
        fake.Record("QueryInterface", (ulong)(nint)iid);
        if (*iid == IidIUnknown || *iid == fake.Iid)
        {
            fake.References++;
            *result = self;
            return 0;
        }
        if (fake._answers.TryGetValue(*iid, out var other))
        {
            other.References++;
            *result = other.Pointer;
            return 0;
        }
        *result = 0;
        return ENoInterface;
    }

    [UnmanagedCallersOnly]
    private static uint AddRef(nint self) => (uint)++Of(self).References;

    [UnmanagedCallersOnly]
    private static uint Release(nint self)
    {
        var fake = Of(self);
        fake.Record("Release");
        return (uint)--fake.References;
    }
}

/// <summary>Writes a string the way a DbgEng method fills a PSTR buffer (truncated, NUL-terminated, size with the NUL).</summary>
internal static unsafe class NativeText
{
    public static void Fill(nint buffer, ulong bufferSize, nint sizeOut, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        if (sizeOut != 0) *(uint*)sizeOut = (uint)bytes.Length + 1;
        if (buffer == 0 || bufferSize == 0) return;
        int n = (int)Math.Min((ulong)bytes.Length, bufferSize - 1);
        Marshal.Copy(bytes, 0, buffer, n);
        ((byte*)buffer)[n] = 0;
    }
}

/// <summary>Keeps fakes alive and disposes them at the end of a test.</summary>
internal sealed class Fakes : IDisposable
{
    private readonly List<FakeCom> _all = new();

    public FakeCom Make(string iface)
    {
        var f = new FakeCom(iface);
        _all.Add(f);
        return f;
    }

    public void Dispose()
    {
        foreach (var f in _all) f.Dispose();
    }
}
