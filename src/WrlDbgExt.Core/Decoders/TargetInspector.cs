using System.Buffers.Binary;
using WrlDbgExt.Core.Flavours;
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

    /// <summary>
    /// Reads the target; adds the reasons for what it found, and returns whether its vftable is plausible. The
    /// back-link is searched from the flavour's identity offset before the target (C++/WinRT keeps its word just
    /// before the identity) and compared in the flavour's encoding.
    /// </summary>
    public static TargetObjectInfo Inspect(ITargetMemory memory, FlavourDescriptor flavour, ulong target, ulong block, List<Reason> reasons, out bool plausible)
    {
        int ptr = memory.PointerSize;
        int before = flavour.IdentityOffset(ptr);
        var window = new byte[BackLinkSearchBytes + before];
        int readBefore = before > 0 && target >= (ulong)before ? memory.Read(target - (ulong)before, window) : 0;
        var bytes = new byte[BackLinkSearchBytes];
        int read = memory.Read(target, bytes);
        plausible = true;
        if (read < ptr)
        {
            reasons.Add(Reason.Of(memory.WhyUnreadable(target) switch
            {
                MemoryAbsence.Truncated => ReasonCode.TargetTruncated,
                MemoryAbsence.NotCaptured => ReasonCode.TargetNotCaptured,
                _ => ReasonCode.TargetUnreadable,
            }, ReasonArg.Address("address", target)));
            return new TargetObjectInfo(target, false, null, null, null, null);
        }

        ulong vft = ReadWord(bytes, 0, ptr);
        string? vftSymbol = SymbolOf(memory, vft);
        string? vftModule = Plausibility.ImageOf(memory, vft)?.ModuleName;
        if (vft == 0)
        {
            plausible = false;
            reasons.Add(Reason.Of(ReasonCode.TargetVfTableNull, ReasonArg.Address("address", target)));
        }
        else if (Plausibility.FillPatternWord(vft, ptr) is { } fill)
        {
            plausible = false;
            reasons.Add(Reason.Of(ReasonCode.TargetVfTableFillPattern, ReasonArg.Address("address", target),
                ReasonArg.Raw("value", vft), ReasonArg.Raw("pattern", fill.Value), ReasonArg.Label("patternName", fill.Name)));
        }
        else if (vftSymbol is null && vftModule is null && Plausibility.KnowsImages(memory))
        {
            plausible = false;
            reasons.Add(Reason.Of(ReasonCode.TargetVfTableOutsideImages, ReasonArg.Address("address", target), ReasonArg.Address("value", vft)));
        }

        bool Links(ulong raw) => flavour.WordEncoding == ObjectWordEncoding.BlockPointer
            ? raw == block
            : CountOrPointerWord.FromRaw(raw, ptr) is { IsPointer: true } w && w.ControlBlock == block;
        int? backLink = null;
        ulong backLinkRaw = 0;
        for (int offset = -before; offset + ptr <= read && backLink is null; offset += ptr)
        {
            if (offset == 0 || !flavour.WordOffsetFits(offset, ptr)) continue; // the vfptr, or where the flavour never keeps its word
            bool have = offset < 0 ? readBefore >= offset + before + ptr : true;
            if (!have) continue;
            ulong raw = offset < 0 ? ReadWord(window, offset + before, ptr) : ReadWord(bytes, offset, ptr);
            if (Links(raw))
            {
                backLink = offset;
                backLinkRaw = raw;
            }
        }
        if (plausible)
        {
            reasons.Add(backLink is { } at
                ? Reason.Of(ReasonCode.BackLinkFound, ReasonArg.Integer("offset", at), ReasonArg.Raw("raw", backLinkRaw))
                : Reason.Of(ReasonCode.BackLinkNotFound, ReasonArg.Integer("searched", read)));
            // Where the flavour keeps its word right before the identity, a count there means "never installed".
            if (backLink is null && before > 0 && readBefore >= before)
            {
                var word = CountOrPointerWord.FromRaw(ReadWord(window, before - ptr, ptr), ptr);
                if (!word.IsPointer && word.Count is > 0 and < int.MaxValue / 2)
                    reasons.Add(Reason.Of(ReasonCode.BlockNotInstalled, ReasonArg.Address("wordAddress", target - (ulong)ptr), ReasonArg.Integer("count", word.Count)));
            }
        }
        return new TargetObjectInfo(target, true, vft, vftSymbol, vftModule, backLink);
    }

    /// <summary><c>module!symbol</c> (<c>+0xN</c> past it) when the target has symbols for the address.</summary>
    public static string? SymbolOf(ITargetMemory memory, ulong? address)
    {
        if (address is not { } a || a == 0 || memory.Symbols() is not { } symbols) return null;
        return symbols.TryGetName(a, out var name, out ulong disp) ? (disp == 0 ? name : $"{name}+0x{disp:x}") : null;
    }

    /// <summary>A pointer-sized little-endian word of a buffer read from the target.</summary>
    internal static ulong ReadWord(byte[] bytes, int offset, int ptr) => ptr == 8
        ? BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(offset))
        : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
}
