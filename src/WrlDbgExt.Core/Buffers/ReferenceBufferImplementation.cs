using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Buffers;

/// <summary>
/// Our reference IMemoryBuffer implementation (src/native/reference/memory_buffer.h; docs/winrt-internals.md §8.3):
/// a buffer and its references share one <c>wrlref::MemoryBufferState</c> holding the block, the closed flags, the
/// list of open references and the buffer object. Layouts as the engine reads the targets' PDBs (x64 and x86); the
/// one place they live.
/// </summary>
public static class ReferenceBufferImplementation
{
    public const string BufferType = "wrlref::MemoryBuffer";
    public const string ReferenceType = "wrlref::MemoryBufferReference";
    public const string StateType = "wrlref::MemoryBufferState";
    public const string HandlerEntryType = ReferenceType + "::HandlerEntry";

    /// <summary>Three interface vtables (IMemoryBuffer or IMemoryBufferReference, IClosable, IMemoryBufferByteAccess).</summary>
    public const int Interfaces = 3;

    public static IReadOnlyList<string> BufferVfTableSymbols { get; } = [BufferType + "::`vftable'"];

    public static IReadOnlyList<string> ReferenceVfTableSymbols { get; } = [ReferenceType + "::`vftable'"];

    private static FieldLayout[] Vtables(int p) => [.. Enumerable.Range(0, Interfaces).Select(i => new FieldLayout("__VFN_table", (uint)(i * p), FieldType.VfTable(p)))];

    private static TypeLayout Buffer(TargetArchitecture a, int p) => new(BufferType, a, (uint)(3 * p + 4 + (p == 8 ? 4 : 0) + p),
    [
        .. Vtables(p),
        new FieldLayout("m_refCount", (uint)(3 * p), FieldType.Int32),
        new FieldLayout("m_state", p == 8 ? 0x20u : 0x10u, FieldType.PointerTo(StateType, p)),
    ], "built-in");

    private static TypeLayout Reference(TargetArchitecture a, int p)
    {
        uint state = p == 8 ? 0x20u : 0x10u, open = state + (uint)p, list = p == 8 ? 0x30u : 0x18u;
        uint handlers = list + 3 * (uint)p, count = handlers + (uint)p, token = p == 8 ? 0x58u : 0x30u, handedOut = token + 8;
        return new(ReferenceType, a, handedOut + 8, // m_lastToken aligns the size to 8 on x86 too
        [
            .. Vtables(p),
            new FieldLayout("m_refCount", (uint)(3 * p), FieldType.Int32),
            new FieldLayout("m_state", state, FieldType.PointerTo(StateType, p)),
            new FieldLayout("m_open", open, FieldType.Boolean),
            new FieldLayout("m_closedRaised", open + 1, FieldType.Boolean),
            new FieldLayout("m_empty", open + 2, FieldType.Boolean),
            new FieldLayout("m_prev", list, FieldType.PointerTo(ReferenceType, p)),
            new FieldLayout("m_next", list + (uint)p, FieldType.PointerTo(ReferenceType, p)),
            new FieldLayout("m_raiseNext", list + 2 * (uint)p, FieldType.PointerTo(ReferenceType, p)),
            new FieldLayout("m_handlers", handlers, FieldType.PointerTo(HandlerEntryType, p)),
            new FieldLayout("m_handlerCount", count, FieldType.UInt32),
            new FieldLayout("m_handlerCapacity", count + 4, FieldType.UInt32),
            new FieldLayout("m_lastToken", token, FieldType.Int64),
            new FieldLayout("m_handedOut", handedOut, FieldType.PointerTo("Void", p)),
        ], "built-in");
    }

    /// <summary>One Closed registration in a reference's <c>m_handlers</c> array: the handler and its token.</summary>
    private static TypeLayout HandlerEntry(TargetArchitecture a, int p) => new(HandlerEntryType, a, 0x10,
    [
        new FieldLayout("handler", 0, FieldType.PointerTo("ABI::Windows::Foundation::ITypedEventHandler_MemoryBufferReference", p)),
        new FieldLayout("token", 8, FieldType.Int64),
    ], "built-in");

    /// <summary>The state's fields the decoder reads (its dt form is not rendered: the engine prints the block as a string).</summary>
    private static TypeLayout State(TargetArchitecture a, int p)
    {
        uint data = (uint)p, capacity = data + (uint)p, holds = p == 8 ? 0x2Cu : 0x18u, closed = holds + 4;
        uint list = p == 8 ? 0x38u : 0x20u;
        return new(StateType, a, list + 2 * (uint)p,
        [
            new FieldLayout("m_data", data, FieldType.PointerTo("UChar", p)),
            new FieldLayout("m_capacity", capacity, FieldType.UInt32),
            new FieldLayout("m_holds", holds, FieldType.Int32),
            new FieldLayout("m_bufferClosed", closed, FieldType.Boolean),
            new FieldLayout("m_memoryFreed", closed + 1, FieldType.Boolean),
            new FieldLayout("m_bufferDestroyed", closed + 2, FieldType.Boolean),
            new FieldLayout("m_raisesClosedOnRelease", closed + 3, FieldType.Boolean),
            new FieldLayout("m_openReferences", list, FieldType.PointerTo(ReferenceType, p)),
            new FieldLayout("m_buffer", list + (uint)p, FieldType.PointerTo(BufferType, p)),
        ], "built-in");
    }

    public static IReadOnlyList<TypeLayout> BuiltInLayouts { get; } =
    [
        Buffer(TargetArchitecture.X64, 8), Reference(TargetArchitecture.X64, 8), State(TargetArchitecture.X64, 8), HandlerEntry(TargetArchitecture.X64, 8),
        Buffer(TargetArchitecture.X86, 4), Reference(TargetArchitecture.X86, 4), State(TargetArchitecture.X86, 4), HandlerEntry(TargetArchitecture.X86, 4),
    ];
}
