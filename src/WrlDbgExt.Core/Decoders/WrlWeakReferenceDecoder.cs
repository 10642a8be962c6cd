using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Layouts.BuiltIn;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// WRL <c>Microsoft::WRL::Details::WeakReferenceImpl</c>: <c>refcount_</c> is the block's own (weak)
/// count, <c>strongRefCount_</c> the target's strong count, <c>unknown_</c> the target, never cleared
/// (winrt-internals.md §2.4–2.5). Fields are read by name, so any layout source serves.
/// </summary>
public sealed class WrlWeakReferenceDecoder : IWeakReferenceDecoder
{
    public static WrlWeakReferenceDecoder Instance { get; } = new();

#pragma warning disable CA2255 // self-registration keeps "a new flavour is one new file"
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Register() => WeakReferenceDecoders.Register(Instance);
#pragma warning restore CA2255

    public string Flavour => "wrl";

    public string TypeName => WeakReferenceImplLayout.TypeName;

    public WeakReferenceVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address)
    {
        var layout = layouts.FindLayout(TypeName, target.Architecture)
            ?? throw new LayoutMismatchException($"no layout of {TypeName} for {target.Architecture.DisplayName()} in {layouts.Name}");
        var vfptrField = layout.RequiredField("__VFN_table");
        var weakField = layout.RequiredField("refcount_");
        var strongField = layout.RequiredField("strongRefCount_");
        var unknownField = layout.RequiredField("unknown_");

        int ptr = target.PointerSize;
        var block = ObjectSnapshot.Read(target, address, layout);
        var reasons = new List<string>();

        if (block.NothingReadable)
        {
            reasons.Add($"no byte of the block at {Hex.Pointer(address, ptr)} is readable in this target");
            return Verdict(block, WeakReferenceState.Corrupt, null, null, null, null, null, reasons);
        }

        int? strong = block.Int32(strongField.Name);
        int? weak = block.Int32(weakField.Name);
        ulong? unknown = block.Raw(unknownField);
        ulong? vfptr = block.Raw(vfptrField);
        string? vfSymbol = TargetInspector.SymbolOf(target, vfptr);

        bool corrupt = false;
        void Corrupt(string why) { corrupt = true; reasons.Add(why); }

        if (address % (ulong)ptr != 0)
            Corrupt($"the block address {Hex.Pointer(address, ptr)} is not {ptr}-byte aligned: heap blocks always are");
        foreach (var f in layout.Fields.Where(f => !block.IsReadable(f)))
            Corrupt($"{f.Name} at +0x{f.Offset:x} is not readable in this target");
        if (vfSymbol is not null && !vfSymbol.Contains("WeakReferenceImpl::`vftable'", StringComparison.Ordinal))
            Corrupt($"the vfptr resolves to {vfSymbol}, not WeakReferenceImpl's vftable: this is not a WRL weak reference block");

        if (strong is null || weak is null)
            return Verdict(block, WeakReferenceState.Corrupt, strong, weak, unknown, null, vfSymbol, reasons);

        var state = Classify(strong.Value, weak.Value, reasons, Corrupt);

        TargetObjectInfo? targetInfo = null;
        if (strong.Value > 0 && !corrupt)
        {
            if (vfptr == 0) Corrupt("the vfptr is null in a live block");
            if (unknown is null or 0) Corrupt("unknown_ is null although the target is alive");
            else if (unknown.Value % (ulong)ptr != 0) Corrupt($"unknown_ {Hex.Pointer(unknown.Value, ptr)} is misaligned");
            else targetInfo = TargetInspector.Inspect(target, unknown.Value, address, reasons);
        }
        else if (strong.Value <= 0 && unknown is { } stale && stale != 0)
        {
            reasons.Add($"unknown_ still holds {Hex.Pointer(stale, ptr)} (WRL never clears it): the target is gone, do not dereference it");
        }

        return Verdict(block, corrupt ? WeakReferenceState.Corrupt : state, strong, weak, unknown, targetInfo, vfSymbol, reasons);
    }

    private static WeakReferenceState Classify(int strong, int weak, List<string> reasons, Action<string> corrupt)
    {
        if (strong == CountSentinels.WrlDestroyed)
        {
            reasons.Add(weak == CountSentinels.WrlDestroyed
                ? "strongRefCount_ and refcount_ both hold 0xC0000001, the sentinel WRL's destructors write: the block was freed and not reused"
                : $"strongRefCount_ holds 0xC0000001, the sentinel ~StrongReference writes: the block was destroyed (refcount_ = 0n{weak})");
            return WeakReferenceState.ControlBlockDestroyed;
        }
        if (weak == CountSentinels.WrlDestroyed)
            corrupt($"refcount_ holds the destroyed sentinel 0xC0000001 but strongRefCount_ = 0n{strong} does not");
        if (strong == CountSentinels.Saturated)
        {
            reasons.Add("strongRefCount_ = 0x7FFFFFFF (LONG_MAX): increments saturate there and never come down: the target is leaked");
            CheckWeakWhileAlive(weak, corrupt);
            return WeakReferenceState.Saturated;
        }
        if (strong == CountSentinels.BeingCreated)
        {
            reasons.Add("strongRefCount_ = 0x3FFFFFFF (LONG_MAX/2), the value GetWeakReference writes before copying the real count: the block is being installed");
            return WeakReferenceState.BeingCreated;
        }
        if (strong == 0)
        {
            if (weak <= 0)
            {
                corrupt($"strongRefCount_ = 0 and refcount_ = 0n{weak}: with no holder left the block should have been freed (use after free?)");
                return WeakReferenceState.Corrupt;
            }
            reasons.Add($"strongRefCount_ = 0: the target was released; {Plural(weak, "IWeakReference holder")} {(weak == 1 ? "keeps" : "keep")} the block alive and Resolve returns null");
            return WeakReferenceState.TargetDestroyed;
        }
        if (strong < 0)
        {
            corrupt($"strongRefCount_ = 0n{strong} is negative and not a sentinel");
            return WeakReferenceState.Corrupt;
        }
        if (strong > CountSentinels.BeingCreated)
        {
            corrupt($"strongRefCount_ = 0x{strong:x} is above LONG_MAX/2 and not a sentinel: not a plausible count");
            return WeakReferenceState.Corrupt;
        }
        reasons.Add($"strongRefCount_ = 0n{strong} > 0: the target is alive and Resolve succeeds");
        CheckWeakWhileAlive(weak, corrupt);
        return WeakReferenceState.Alive;
    }

    private static void CheckWeakWhileAlive(int weak, Action<string> corrupt)
    {
        if (weak <= 0)
            corrupt($"refcount_ = 0n{weak} while the target is alive: the target's own hold on the block is missing");
        else if (weak > CountSentinels.BeingCreated)
            corrupt($"refcount_ = 0x{weak:x} is not a plausible count");
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private WeakReferenceVerdict Verdict(ObjectSnapshot block, WeakReferenceState state, int? strong, int? weak,
        ulong? target, TargetObjectInfo? info, string? vfSymbol, List<string> reasons) =>
        new(Flavour, block, state, strong, weak, target, info, vfSymbol, reasons);
}
