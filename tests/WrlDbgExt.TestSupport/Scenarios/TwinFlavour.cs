using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>What a scenario block's target field holds.</summary>
public enum TwinTarget
{
    /// <summary>A live object whose word links back to the block.</summary>
    Live,

    /// <summary>A live object whose word is still a count: the block is not installed yet.</summary>
    LiveNotInstalled,

    /// <summary>Freed memory (0xDD): a released target's stale pointer, which must never be read.</summary>
    Stale,

    /// <summary>Null: the library cleared it.</summary>
    Null,
}

/// <summary>One block state a flavour's scenario lays out.</summary>
/// <param name="Name">Scenario name (<c>alive</c>, <c>target-destroyed</c>…).</param>
/// <param name="Strong">The strong count as written (32 bits; a negative value of an unsigned count is its wrap-around).</param>
/// <param name="Weak">The block's own count as written.</param>
/// <param name="Target">What the target field holds.</param>
/// <param name="Expected">The verdict id the docs call for.</param>
/// <param name="Flags">Byte fields set to 1 (C++/CX's allocation flags).</param>
public sealed record TwinState(string Name, int Strong, int Weak, TwinTarget Target, string Expected, IReadOnlyList<string>? Flags = null);

/// <summary>
/// Where a flavour's target object keeps what the decoder looks at, in bytes from the object's start.
/// </summary>
/// <param name="IdentityOffset">Where the pointer the block holds points (C++/WinRT: the first interface's vtable).</param>
/// <param name="WordOffset">The count-or-pointer word, or C++/CX's plain block pointer.</param>
/// <param name="VfPtrOffsets">The object's vtable pointers (each gets its own vtable in the module).</param>
/// <param name="PlainBlockPointer">True when the word holds the block's address itself (C++/CX, §3.2), not <c>(block &gt;&gt; 1) | top bit</c>.</param>
public sealed record TargetShape(int IdentityOffset, int WordOffset, IReadOnlyList<int> VfPtrOffsets, bool PlainBlockPointer = false);

/// <summary>
/// A flavour as the writer-made scenarios lay it out (docs/winrt-internals.md): its block type, which field
/// plays which role, its vtable pointers, its target object and the states it can be in. One file per flavour
/// builds one; <see cref="BlockScenario"/> does the laying out.
/// </summary>
public sealed class TwinFlavour
{
    /// <summary>The manifest's flavour id (<c>wrl</c>, <c>cppwinrt</c>, <c>cx</c>, <c>winui</c>, <c>windows-rs</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The tests' table of the block type (<see cref="ExpectedLayouts"/>).</summary>
    public required Func<TargetArchitecture, TypeLayout> Layout { get; init; }

    /// <summary>The block type as the engine's dt names it, without module.</summary>
    public string TypeName => Layout(TargetArchitecture.X64).Name;

    public required string StrongField { get; init; }

    public required string WeakField { get; init; }

    public required string TargetField { get; init; }

    /// <summary>The block's fields that hold a vtable pointer, its vfptr first.</summary>
    public required IReadOnlyList<string> VtableFields { get; init; }

    /// <summary>An interface pointer inside the block (the field and its type as dt names it), or null.</summary>
    public (string Field, string Type)? TearOff { get; init; }

    /// <summary>The target object's shape for a pointer size.</summary>
    public required Func<int, TargetShape> Target { get; init; }

    /// <summary>The states, in the order they are laid out.</summary>
    public required IReadOnlyList<TwinState> States { get; init; }

    /// <summary>Every flavour, in the order of their heap arenas (WRL first: its arena is the README sample's).</summary>
    public static IReadOnlyList<TwinFlavour> All { get; } =
        [WrlTwin.Instance, CppWinrtTwin.Instance, CxTwin.Instance, WinUITwin.Instance, WindowsRsTwin.Instance];

    public override string ToString() => Id;
}
