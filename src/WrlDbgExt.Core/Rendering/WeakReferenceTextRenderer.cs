using System.Text;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// The human report for one control block: the <c>dt</c> value form, then the verdict section.
/// Shared by the CLI and the engine extension so both print the same text.
/// </summary>
public static class WeakReferenceTextRenderer
{
    public static string Render(WeakReferenceVerdict verdict)
    {
        var layout = verdict.Block.Layout;
        int ptr = layout.PointerSize;
        var sb = new StringBuilder();
        // The verdict names the type, so the dt part never repeats it as a module!Type header.
        sb.Append(DtRenderer.RenderValues(verdict.Block, moduleGiven: true));
        sb.Append('\n');
        sb.Append($"{layout.Name} at {Hex.Pointer(verdict.Address, ptr)}\n");
        sb.Append($"layout  : {layout.Source}, {layout.Family.DisplayName()}\n");
        sb.Append($"verdict : {verdict.State.Title()}\n");
        if (verdict.StrongCount is { } strong)
            sb.Append($"strong  : {CountText(strong)}\n");
        if (verdict.WeakCount is { } weak)
            sb.Append($"weak    : {CountText(weak)}{HoldersText(verdict)}\n");
        if (verdict.TargetAddress is { } target)
            sb.Append($"target  : {TargetText(verdict, target, ptr)}\n");
        if (verdict.BlockVfTableSymbol is { } vft)
            sb.Append($"vftable : {vft}\n");
        foreach (var reason in verdict.Reasons)
            sb.Append("  - ").Append(reason).Append('\n');
        return sb.ToString();
    }

    private static string CountText(int count) => count switch
    {
        CountSentinels.WrlDestroyed => "0xC0000001 (destroyed sentinel)",
        CountSentinels.Saturated => "0x7FFFFFFF (saturated)",
        CountSentinels.BeingCreated => "0x3FFFFFFF (being created)",
        _ => count.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string HoldersText(WeakReferenceVerdict verdict) => verdict.WeakHolders switch
    {
        null => "",
        { } h when verdict.State == WeakReferenceState.TargetDestroyed => $" (IWeakReference holders: {h})",
        { } h => $" (IWeakReference holders: {h}, plus the target's own hold)",
    };

    private static string TargetText(WeakReferenceVerdict verdict, ulong target, int ptr)
    {
        if (target == 0) return "(null)";
        var text = Hex.Pointer(target, ptr);
        if (verdict.Target is not { } info) return verdict.StrongCount > 0 ? text : text + " (stale: not dereferenced)";
        if (!info.Readable) return text + " (not in this target's memory)";
        var vft = info.VfTableSymbol ?? (info.VfTable is { } v ? Hex.Pointer(v, ptr) : "?");
        var link = info.BackLinkOffset is { } at ? $", back-link at +0x{at:x}" : "";
        return $"{text} (vftable {vft}{link})";
    }
}
