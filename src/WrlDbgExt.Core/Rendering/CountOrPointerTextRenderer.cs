using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>Human report for a count-or-pointer word, followed by its control block's report in pointer mode.</summary>
public static class CountOrPointerTextRenderer
{
    public static string Render(ulong address, CountOrPointerWord word, WeakReferenceVerdict? block)
    {
        int ptr = word.PointerSize;
        var head = $"count-or-pointer word at {Hex.Pointer(address, ptr)} = {Hex.Raw(word.Raw, ptr)}\n";
        if (!word.IsPointer)
        {
            var meaning = word.Count switch
            {
                0 => "strong count 0: the object has been released (or the word is not a live object's)",
                (uint)CountSentinels.Saturated => "strong count 0x7FFFFFFF: saturated, the object is leaked",
                _ => $"strong count {word.Count}; no weak reference has been taken, so there is no control block",
            };
            return head + $"mode    : count\n{meaning}\n";
        }
        head += $"mode    : pointer (top bit set): control block at {Hex.Pointer(word.ControlBlock, ptr)} = raw << 1\n\n";
        return block is null ? head : head + WeakReferenceTextRenderer.Render(block);
    }
}
