using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Looks at a live target object: its vfptr and a count-or-pointer word that points back at the block.
/// Callers only use it when the strong count is positive (a dead target's memory may be reused).
/// </summary>
public static class TargetInspector
{
    /// <summary>How far into the object a back-link is searched (WRL puts refCount_ after the vptrs and FtmBase).</summary>
    public const int BackLinkSearchBytes = 0x100;

    public static TargetObjectInfo Inspect(ITargetMemory memory, ulong target, ulong block, List<string> reasons)
    {
        int ptr = memory.PointerSize;
        var bytes = new byte[BackLinkSearchBytes];
        int read = memory.Read(target, bytes);
        if (read < ptr)
        {
            reasons.Add($"target {Hex.Pointer(target, ptr)} is not readable in this target (memory not captured): its type and back-link are unknown");
            return new TargetObjectInfo(target, false, null, null, null);
        }

        ulong vft = ReadWord(bytes, 0, ptr);
        string? vftSymbol = SymbolOf(memory, vft);

        uint? backLink = null;
        for (int offset = ptr; offset + ptr <= read; offset += ptr)
        {
            var word = CountOrPointerWord.FromRaw(ReadWord(bytes, offset, ptr), ptr);
            if (word.IsPointer && word.ControlBlock == block)
            {
                backLink = (uint)offset;
                break;
            }
        }

        reasons.Add(backLink is { } at
            ? $"the target's count-or-pointer word at +0x{at:x} encodes this block ({Hex.Raw(ReadWord(bytes, (int)at, ptr), ptr)}): the pair is consistent"
            : $"no word in the target's first 0x{read:x} bytes encodes this block (the word may lie further in, or the target is not a weak-capable RuntimeClass)");
        return new TargetObjectInfo(target, true, vft, vftSymbol, backLink);
    }

    /// <summary><c>module!symbol</c> (<c>+0xN</c> past it) when the target has symbols for the address.</summary>
    internal static string? SymbolOf(ITargetMemory memory, ulong? address)
    {
        if (address is not { } a || a == 0 || memory.Symbols() is not { } symbols) return null;
        return symbols.TryGetName(a, out var name, out ulong disp) ? (disp == 0 ? name : $"{name}+0x{disp:x}") : null;
    }

    private static ulong ReadWord(byte[] bytes, int offset, int ptr) =>
        ptr == 8 ? BitConverter.ToUInt64(bytes, offset) : BitConverter.ToUInt32(bytes, offset);
}
