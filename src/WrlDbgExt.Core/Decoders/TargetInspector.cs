using System.Buffers.Binary;
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

    /// <summary>Reads the target; adds the reasons for what it found, and returns whether its vftable is plausible.</summary>
    public static TargetObjectInfo Inspect(ITargetMemory memory, ulong target, ulong block, List<Reason> reasons, out bool plausible)
    {
        int ptr = memory.PointerSize;
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
        if (plausible)
        {
            reasons.Add(backLink is { } at
                ? Reason.Of(ReasonCode.BackLinkFound, ReasonArg.Integer("offset", at), ReasonArg.Raw("raw", ReadWord(bytes, (int)at, ptr)))
                : Reason.Of(ReasonCode.BackLinkNotFound, ReasonArg.Integer("searched", read)));
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
