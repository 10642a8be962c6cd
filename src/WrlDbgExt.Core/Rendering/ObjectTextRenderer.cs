using System.Text;
using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>The human report of <c>obj</c>: the object, its word and counts, then its block's own report.</summary>
public static class ObjectTextRenderer
{
    public static string Render(ObjectVerdict v, int ptr)
    {
        string P(ulong a) => Hex.Pointer(a, ptr);
        var sb = new StringBuilder();
        if (!v.Found)
        {
            sb.Append(v.Finding == ObjectFinding.Unreadable
                ? $"{P(v.Address)}: not in this target's memory\n"
                : $"{P(v.Address)}: no count word found\n");
            foreach (var r in v.Reasons) sb.Append("  - ").Append(ReasonText.Render(r, ptr)).Append('\n');
            return sb.ToString();
        }
        var flavour = v.Flavour!;
        string cls = v.ClassName is { } c ? $" ({c})" : "";
        sb.Append($"object  : {P(v.ObjectStart!.Value)}, a {flavour.DisplayName} object{cls}\n");
        sb.Append($"found by: {FindingText(v.Finding)}\n");
        if (v.InterfacePointers.Count > 0)
            sb.Append($"vtables : {string.Join(", ", v.InterfacePointers.Select(P))}\n");
        string raw = v.WordRaw is { } w ? Hex.Raw(w, ptr) : "??";
        sb.Append($"word    : {v.WordField} at {P(v.WordAddress!.Value)} (+0x{v.WordAddress.Value - v.ObjectStart.Value:x}) = {raw}");
        sb.Append(v.PointerMode ? $", {(flavour.WordEncoding == Flavours.ObjectWordEncoding.BlockPointer ? "control block pointer" : "pointer mode")}\n" : ", count mode (no weak reference taken)\n");
        if (v.State is { } state) sb.Append($"verdict : {ObjectTitle(v, state)}\n");
        if (v.StrongCount is { } strong) sb.Append($"strong  : {ReasonText.CountText(flavour, strong)}\n");
        if (v.WeakCount is { } weak) sb.Append($"weak    : {ReasonText.CountText(flavour, weak)}{(v.Block?.WeakHolders is { } h ? $" (IWeakReference holders: {h})" : "")}\n");
        foreach (var r in v.Reasons) sb.Append("  - ").Append(ReasonText.Render(r, ptr)).Append('\n');
        if (v.Block is { } block)
        {
            sb.Append($"\ncontrol block at {P(block.Address)}:\n");
            sb.Append(WeakReferenceTextRenderer.Render(block));
        }
        return sb.ToString();
    }

    public static string FindingText(ObjectFinding finding) => finding switch
    {
        ObjectFinding.Symbols => "symbols (the vftable's class and its member)",
        ObjectFinding.BackLink => "structure (a word that links to a block whose target is this object)",
        ObjectFinding.Shape => "structure (vtable pointers and a count where the flavour's layout keeps them)",
        ObjectFinding.Sibling => "structure (the vtable pointers of an object a block links back to, and a count where it keeps its word)",
        _ => "not found",
    };

    /// <summary>Count mode has no block: the word alone says alive, saturated or released.</summary>
    public static string ObjectTitle(ObjectVerdict v, WeakReferenceState state) => v.PointerMode
        ? ReasonText.Title(state)
        : state switch
        {
            WeakReferenceState.Alive => "object alive",
            WeakReferenceState.Saturated => "strong count saturated: object leaked",
            WeakReferenceState.TargetDestroyed => "object released (count 0)",
            _ => ReasonText.Title(state),
        };
}
