using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>What a user-mode pointer can be (docs/debugger-engine.md §14).</summary>
public enum PointerProblem
{
    None,
    Null,
    /// <summary>In the first 64 KiB, which Windows never maps in user mode.</summary>
    NullPage,
    /// <summary>Above the user-mode range (x64: not below 0x0000_8000_0000_0000).</summary>
    NotUserMode,
    Misaligned,
    /// <summary>A debug-heap fill pattern rather than an address.</summary>
    FillPattern,
}

/// <summary>
/// Plausibility rules shared by every decoder: user-mode address ranges and the fill patterns of the
/// debug heaps (docs/debugger-engine.md §14), so a verdict is never built on garbage.
/// </summary>
public static class Plausibility
{
    /// <summary>Windows never maps the first 64 KiB of a user-mode address space.</summary>
    public const ulong NullPageEnd = 0x1_0000;

    /// <summary>x64 user-mode addresses end below 0x0000_7FFF_FFFF_0000 (the top 64 KiB of the 128 TB range stay inaccessible).</summary>
    public const ulong X64UserModeEnd = 0x0000_7FFF_FFFF_0000;

    /// <summary>Debug-heap fill patterns by their 32-bit value, with the names the reasons use.</summary>
    public static IReadOnlyList<(uint Value, string Name)> FillPatterns { get; } =
    [
        (0xCDCDCDCD, "debug CRT: allocated, never written"),
        (0xDDDDDDDD, "debug CRT: freed memory"),
        (0xFDFDFDFD, "debug CRT: no-man's-land guard bytes"),
        (0xFEEEFEEE, "debug heap: freed by HeapFree"),
        (0xABABABAB, "debug heap: guard bytes after a HeapAlloc block"),
        (0xBAADF00D, "debug heap: allocated by HeapAlloc/LocalAlloc, never written"),
    ];

    /// <summary>The fill pattern a 32-bit value is, if any.</summary>
    public static (uint Value, string Name)? FillPattern32(uint value)
    {
        foreach (var p in FillPatterns)
            if (p.Value == value) return p;
        return null;
    }

    /// <summary>The fill pattern a pointer-sized word is (both halves on x64), if any.</summary>
    public static (uint Value, string Name)? FillPatternWord(ulong value, int pointerSize) =>
        pointerSize == 4 || (uint)(value >> 32) == (uint)value ? FillPattern32((uint)value) : null;

    /// <summary>What, if anything, rules <paramref name="value"/> out as a user-mode pointer of this target.</summary>
    public static PointerProblem CheckPointer(ulong value, int pointerSize, int alignment)
    {
        if (value == 0) return PointerProblem.Null;
        if (FillPatternWord(value, pointerSize) is not null) return PointerProblem.FillPattern;
        if (value < NullPageEnd) return PointerProblem.NullPage;
        if (pointerSize == 8 && value >= X64UserModeEnd) return PointerProblem.NotUserMode;
        if (pointerSize == 4 && value > uint.MaxValue) return PointerProblem.NotUserMode;
        if (alignment > 1 && value % (ulong)alignment != 0) return PointerProblem.Misaligned;
        return PointerProblem.None;
    }

    /// <summary>The module whose image holds <paramref name="address"/>; null when none does or modules are unknown.</summary>
    public static TargetModule? ImageOf(ITargetMemory target, ulong address) => target.Modules()?.FindByAddress(address);

    /// <summary>True when the target lists its modules (so "outside every image" can be said).</summary>
    public static bool KnowsImages(ITargetMemory target) => target.Modules() is { Modules.Count: > 0 };
}
