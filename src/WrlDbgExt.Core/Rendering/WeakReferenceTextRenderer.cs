using System.Text;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// The human report for one control block: the <c>dt</c> value form, then the verdict section.
/// Shared by the CLI and the engine extension so both print the same text.
/// </summary>
public static class WeakReferenceTextRenderer
{
    /// <param name="verdict">What the decoder decided.</param>
    /// <param name="objectCommand">The host's command line for <c>obj</c> of an address (the hint); null for a neutral form.</param>
    public static string Render(WeakReferenceVerdict verdict, Func<string, string>? objectCommand = null)
    {
        var layout = verdict.Block.Layout;
        int ptr = layout.PointerSize;
        var sb = new StringBuilder();
        // The verdict names the type, so the dt part never repeats it as a module!Type header.
        sb.Append(DtRenderer.RenderValues(verdict.Block, moduleGiven: true));
        sb.Append('\n');
        sb.Append($"{layout.Name} at {Hex.Pointer(verdict.Address, ptr)}\n");
        sb.Append($"layout  : {layout.Source}, {layout.Family.DisplayName()}\n");
        sb.Append($"verdict : {ReasonText.Title(verdict.State)}\n");
        if (verdict.State != WeakReferenceState.NotAControlBlock)
        {
            if (verdict.StrongCount is { } strong)
                sb.Append($"strong  : {ReasonText.CountText(verdict.Flavour, strong)}\n");
            if (verdict.WeakCount is { } weak)
                sb.Append($"weak    : {ReasonText.CountText(verdict.Flavour, weak)}{HoldersText(verdict)}\n");
            if (verdict.TargetAddress is { } target)
                sb.Append($"target  : {TargetText(verdict, target, ptr)}\n");
        }
        if (verdict.BlockVfTableSymbol is { } vft)
            sb.Append($"vftable : {vft}\n");
        foreach (var reason in verdict.Reasons)
            sb.Append("  - ").Append(ReasonText.Render(reason, ptr, objectCommand)).Append('\n');
        return sb.ToString();
    }

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
        if (verdict.Target is not { } info)
            return verdict.State.TargetLives() ? text : text + " (stale: not dereferenced)";
        if (!info.Readable) return text + " (not in this target's memory)";
        var vft = info.VfTableSymbol ?? (info.VfTable is { } v ? Hex.Pointer(v, ptr) : "?");
        var link = info.BackLinkOffset is { } at ? $", back-link at {(at < 0 ? "-" : "+")}0x{Math.Abs(at):x}" : "";
        return $"{text} (vftable {vft}{link})";
    }
}
