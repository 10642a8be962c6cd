using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>An object's count-or-pointer word, what is wrong with it (if anything) and, in pointer mode, its block.</summary>
public sealed record CountOrPointerReport(ulong Address, CountOrPointerWord Word, IReadOnlyList<Reason> Reasons, WeakReferenceVerdict? Block)
{
    /// <summary>False when the word cannot be what it claims (misaligned, garbage upper half, impossible block pointer).</summary>
    public bool Plausible => !Reasons.Any(r => r.Code is ReasonCode.WordMisaligned or ReasonCode.WordUpperHalfSet or ReasonCode.WordBlockNull
        or ReasonCode.WordBlockNotUserMode or ReasonCode.WordBlockInNullPage or ReasonCode.WordBlockMisaligned or ReasonCode.WordFillPattern);

    /// <summary>Reads and judges the word at <paramref name="address"/>; null when it is not (wholly) readable.</summary>
    public static CountOrPointerReport? Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor? forced = null)
    {
        if (!target.TryReadPointer(address, out ulong raw)) return null;
        int ptr = target.PointerSize;
        var word = CountOrPointerWord.FromRaw(raw, ptr);
        var reasons = new List<Reason>();
        if (address % (ulong)ptr != 0)
            reasons.Add(Reason.Of(ReasonCode.WordMisaligned, ReasonArg.Address("address", address), ReasonArg.Integer("alignment", ptr)));
        if (Plausibility.FillPatternWord(raw, ptr) is { } fill)
        {
            reasons.Add(Reason.Of(ReasonCode.WordFillPattern, ReasonArg.Raw("raw", raw), ReasonArg.Raw("pattern", fill.Value), ReasonArg.Label("patternName", fill.Name)));
            return new CountOrPointerReport(address, word, reasons, null);
        }
        if (!word.IsPointer)
        {
            if (ptr == 8 && raw >> 32 != 0) reasons.Add(Reason.Of(ReasonCode.WordUpperHalfSet, ReasonArg.Raw("raw", raw)));
            else if (word.Count == 0) reasons.Add(Reason.Of(ReasonCode.WordCountZero));
            else if (word.Count == int.MaxValue) reasons.Add(Reason.Of(ReasonCode.WordCountSaturated, ReasonArg.Integer("count", word.Count)));
            else reasons.Add(Reason.Of(ReasonCode.WordCount, ReasonArg.Integer("count", word.Count)));
            return new CountOrPointerReport(address, word, reasons, null);
        }

        ulong block = word.ControlBlock;
        var b = ReasonArg.Address("block", block);
        switch (Plausibility.CheckPointer(block, ptr, ptr))
        {
            case PointerProblem.Null: reasons.Add(Reason.Of(ReasonCode.WordBlockNull)); break;
            case PointerProblem.NullPage: reasons.Add(Reason.Of(ReasonCode.WordBlockInNullPage, b)); break;
            case PointerProblem.NotUserMode: reasons.Add(Reason.Of(ReasonCode.WordBlockNotUserMode, b)); break;
            case PointerProblem.Misaligned: reasons.Add(Reason.Of(ReasonCode.WordBlockMisaligned, b, ReasonArg.Integer("alignment", ptr))); break;
            case PointerProblem.FillPattern:
                var f = Plausibility.FillPatternWord(block, ptr)!.Value;
                reasons.Add(Reason.Of(ReasonCode.WordFillPattern, ReasonArg.Raw("raw", raw), ReasonArg.Raw("pattern", f.Value), ReasonArg.Label("patternName", f.Name)));
                break;
            default:
                reasons.Add(Reason.Of(ReasonCode.WordPointer, b));
                var verdict = FlavourDetector.Decode(target, layouts, block, forced);
                if (verdict.Unreadable)
                {
                    reasons.Add(Reason.Of(ReasonCode.WordBlockUnreadable, b));
                    return new CountOrPointerReport(address, word, reasons, null);
                }
                return new CountOrPointerReport(address, word, reasons, verdict);
        }
        return new CountOrPointerReport(address, word, reasons, null);
    }
}
