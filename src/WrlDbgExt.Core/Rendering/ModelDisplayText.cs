using System.Globalization;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// The one-line display strings the engine's data model shows after an object (<c>dx</c>, the extension's
/// visualizers): the verdict first, as its stable id, then the numbers that back it.
/// </summary>
public static class ModelDisplayText
{
    public static string Block(WeakReferenceVerdict v)
    {
        if (v.State is WeakReferenceState.NotAControlBlock) return $"{v.State.Id()} ({v.Flavour.DisplayName} read)";
        return Invariant($"{v.State.Id()}: strong={Count(v.StrongCount)} weak={Count(v.WeakCount)} ({v.Flavour.DisplayName})");
    }

    public static string Object(ObjectVerdict v, int ptr)
    {
        if (!v.Found) return $"no weak-capable object found at {Hex.Pointer(v.Address, ptr)}";
        string what = $"{v.Flavour?.DisplayName} object{(v.ClassName is { } c ? " " + c : "")}";
        return v.PointerMode
            ? $"{what}: weak reference {v.Block?.State.Id() ?? "unknown"} (block at {Hex.Pointer(v.Block?.Address ?? 0, ptr)})"
            : Invariant($"{what}: no weak reference yet, strong={Count(v.StrongCount)}");
    }

    public static string Buffer(BufferVerdict v, int ptr)
    {
        if (!v.Found) return $"not an IMemoryBuffer object: {Hex.Pointer(v.Address, ptr)}";
        if (v.State == BufferState.Opaque) return $"opaque ({v.Implementation})";
        string memory = v.Data is { } d && d != 0 ? Invariant($"0x{v.Capacity:x} bytes at {Hex.Pointer(d, ptr)}") : "no memory";
        string references = v.Kind == BufferObjectKind.Buffer ? Invariant($", {v.OpenReferences.Count} open reference(s)") : "";
        int findings = v.Findings.Count;
        return Invariant($"{v.State?.Id()}: {memory}{references}{(findings > 0 ? $", {findings} finding(s)" : "")}");
    }

    public static string Holder(Holders.Holder h, int ptr) => $"{RefsTextRenderer.Target(h, ptr)}  {RefsTextRenderer.PlaceText(h, ptr)}";

    public static string Finding(Finding f, int ptr) => $"{f.Severity.ToString().ToLowerInvariant()}: {ReasonText.Render(f.Reason, ptr)}";

    private static string Count(int? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
