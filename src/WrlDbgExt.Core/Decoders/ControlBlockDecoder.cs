using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Decodes a weak-reference control block of any flavour from its descriptor: fields are found by role and
/// read by name from whichever layout source serves, then checked in this order — is it memory of a block at
/// all (alignment, vfptr), is it all there, what do the counts say, is the target plausible. A verdict is
/// never contradicted by one of its reasons: a decisive problem changes the verdict.
/// </summary>
public static class ControlBlockDecoder
{
    /// <summary>Counts at or above this (LONG_MAX/2 + 1) are not plausible unless they are sentinels.</summary>
    private const int ImplausibleCount = int.MaxValue / 2 + 1;

    /// <summary>
    /// Counts above this (2^20) are taken as a sign that memory identified by structure alone is no block: real
    /// objects rarely have a million references, while pointer halves read as counts are far larger.
    /// </summary>
    public const int StructuralCountLimit = 1 << 20;

    /// <summary>How far from an address the "is it an object whose word encodes a block?" hint looks.</summary>
    public const int HintSearchBytes = 0x100;

    /// <exception cref="LayoutMismatchException">No layout for the flavour's type, or it lacks a role's field.</exception>
    public static WeakReferenceVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor flavour) =>
        Decode(target, layouts, address, flavour, searchHint: true);

    internal static WeakReferenceVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor flavour, bool searchHint)
    {
        var layout = FindLayout(target, layouts, address, flavour)
            ?? throw new LayoutMismatchException($"no layout of {flavour.ControlBlockType} for {target.Architecture.DisplayName()} in {layouts.Name}");
        var vfField = layout.RequiredField(flavour.FieldName(FieldRole.VfTable));
        var weakField = layout.RequiredField(flavour.FieldName(FieldRole.WeakCount));
        var strongField = layout.RequiredField(flavour.FieldName(FieldRole.StrongCount));
        var targetField = layout.RequiredField(flavour.FieldName(FieldRole.Target));

        int ptr = target.PointerSize;
        var block = ObjectSnapshot.Read(target, address, layout);
        var d = new Decision(flavour, block);
        if (block.NothingReadable)
        {
            d.Reasons.Add(Reason.Of(ReasonCode.NothingReadable, ReasonArg.Address("address", address)));
            return d.Finish(WeakReferenceState.Incomplete, null, null, null, null, null);
        }

        int? strong = block.Int32(strongField.Name);
        int? weak = block.Int32(weakField.Name);
        ulong? targetPtr = block.Raw(targetField);
        ulong? vfptr = block.Raw(vfField);
        string? vfSymbol = TargetInspector.SymbolOf(target, vfptr);

        // 1. Is this a block of the flavour at all?
        if (address % (ulong)ptr != 0)
            d.NotBlock(Reason.Of(ReasonCode.BlockMisaligned, ReasonArg.Address("address", address), ReasonArg.Integer("alignment", ptr)));
        if (vfptr is { } vf) CheckVfTable(target, flavour, block, vfField, vf, vfSymbol, d);

        // 2. Is it all there?
        var missing = layout.Fields.Where(f => !block.IsReadable(f)).ToList();
        foreach (var f in missing)
        {
            ulong at = block.FieldAddress(f);
            var code = target.WhyUnreadable(at) switch
            {
                MemoryAbsence.NotCaptured => ReasonCode.FieldNotCaptured,
                MemoryAbsence.Truncated => ReasonCode.FieldTruncated,
                _ => ReasonCode.FieldUnreadable,
            };
            d.Reasons.Add(Reason.Of(code, ReasonArg.Label("field", f.Name), ReasonArg.Integer("offset", f.Offset), ReasonArg.Address("address", at)));
        }
        if (d.IsNotBlock)
        {
            if (searchHint) FindObjectWordHint(target, layouts, address, flavour, d);
            return d.Finish(WeakReferenceState.NotAControlBlock, strong, weak, targetPtr, null, vfSymbol);
        }
        if (missing.Count > 0 || strong is null || weak is null)
            return d.Finish(WeakReferenceState.Incomplete, strong, weak, targetPtr, null, vfSymbol);

        // 3. What do the counts say? Where only structure says "block", a positive count no block reaches means it is
        // none (an object's vtable half read as a count); that is decided first, so it never reads as a corrupt
        // block. A negative count stays the over-release it usually is: corrupt.
        if (d.Identity == BlockIdentity.Structure)
        {
            foreach (var (field, value, role) in new[] { (strongField.Name, strong.Value, FieldRole.StrongCount), (weakField.Name, weak.Value, FieldRole.WeakCount) })
            {
                if (flavour.SentinelOf(role, value) is null && value > StructuralCountLimit)
                {
                    d.Doubt(Reason.Of(ReasonCode.CountImplausibleWithoutSymbols, ReasonArg.Label("field", field), ReasonArg.Integer("value", value),
                        ReasonArg.Integer("limit", StructuralCountLimit)));
                    break;
                }
            }
        }
        if (d.IsNotBlock)
        {
            if (searchHint) FindObjectWordHint(target, layouts, address, flavour, d);
            return d.Finish(WeakReferenceState.NotAControlBlock, strong, weak, targetPtr, null, vfSymbol);
        }
        // (Where a null target marks the release, it decides before the strong count.)
        var state = flavour.ReleasedWhenTargetNull && targetPtr == 0 && strong.Value is >= 0 and <= 1
            ? ReleasedByNullTarget(strongField.Name, targetField.Name, weakField.Name, strong.Value, weak.Value, d)
            : ClassifyCounts(flavour, strongField.Name, weakField.Name, strong.Value, weak.Value, d);

        // 4. Is the target plausible? Only a living target is read; a dead one's memory may be reused.
        TargetObjectInfo? info = null;
        ulong t = targetPtr ?? 0;
        if (state.TargetLives() && !d.IsCorrupt)
        {
            var problem = Plausibility.CheckPointer(t, ptr, ptr);
            if (problem == PointerProblem.Null)
            {
                d.Doubt(Reason.Of(ReasonCode.TargetNull, ReasonArg.Label("field", targetField.Name)));
            }
            else if (problem != PointerProblem.None)
            {
                d.Doubt(TargetPointerReason(problem, targetField.Name, t, ptr));
            }
            else
            {
                // The pointer is a plausible heap address: garbage behind it is a dangling target, so the block is corrupt.
                info = TargetInspector.Inspect(target, flavour, t, address, d.Reasons, out bool plausible);
                if (!plausible) d.Corrupt(null);
                else if (state == WeakReferenceState.Alive && d.Reasons.Any(r => r.Code == ReasonCode.BlockNotInstalled))
                    state = WeakReferenceState.BeingCreated;
            }
        }
        else if (!state.TargetLives() && state != WeakReferenceState.Corrupt && !d.IsCorrupt)
        {
            // A released block keeps a plausible target pointer, or null where the library clears it. A block freed
            // without a sentinel (counts both zero) is told from zeroed memory by that alone.
            bool judgedByTarget = state == WeakReferenceState.TargetDestroyed || d.Reasons.Any(r => r.Code == ReasonCode.BlockFreedAtZero);
            var problem = t == 0 ? PointerProblem.Null : Plausibility.CheckPointer(t, ptr, ptr);
            if (judgedByTarget && problem != PointerProblem.None && !(problem == PointerProblem.Null && flavour.MayClearTarget))
            {
                d.Doubt(problem == PointerProblem.Null
                    ? Reason.Of(ReasonCode.TargetNullNeverCleared, ReasonArg.Label("field", targetField.Name), ReasonArg.Label("flavour", flavour.DisplayName))
                    : TargetPointerReason(problem, targetField.Name, t, ptr));
            }
            else if (t != 0)
            {
                d.Reasons.Add(Reason.Of(ReasonCode.TargetStale, ReasonArg.Label("field", targetField.Name), ReasonArg.Address("value", t),
                    ReasonArg.Label("flavour", flavour.DisplayName), ReasonArg.Integer("cleared", flavour.MayClearTarget ? 1 : 0)));
            }
            else if (flavour.MayClearTarget)
            {
                d.Reasons.Add(Reason.Of(ReasonCode.TargetCleared, ReasonArg.Label("field", targetField.Name)));
            }
        }

        if (d.IsNotBlock)
        {
            if (searchHint) FindObjectWordHint(target, layouts, address, flavour, d);
            return d.Finish(WeakReferenceState.NotAControlBlock, strong, weak, targetPtr, info, vfSymbol);
        }
        return d.Finish(d.IsCorrupt ? WeakReferenceState.Corrupt : state, strong, weak, targetPtr, info, vfSymbol);
    }

    /// <summary>
    /// False only when <see cref="Decode(ITargetMemory, ILayoutSource, ulong, FlavourDescriptor)"/>, reading a block
    /// with these fields, can neither find its target linking back (that needs a target pointer passing
    /// <see cref="Plausibility.CheckPointer"/>, step 4) nor call it destroyed (that needs the strong count's destroyed
    /// sentinel, or a weak count of 0 where the flavour frees its block there: <see cref="ClassifyCounts"/>,
    /// <see cref="Released"/>). <see cref="BlockPrefilter"/> asks it of every candidate of a whole-memory scan.
    /// </summary>
    internal static bool MayLinkBackOrBeDestroyed(FlavourDescriptor flavour, int pointerSize, ulong targetPointer, int strong, int weak) =>
        Plausibility.CheckPointer(targetPointer, pointerSize, pointerSize) == PointerProblem.None
        || flavour.SentinelOf(FieldRole.StrongCount, strong) == SentinelMeaning.Destroyed
        || (flavour.FreedAtZeroWeak && weak == 0);

    /// <summary>
    /// The layout of the module whose image holds the vfptr first (each module compiles its own copy of the
    /// class, and symbols are per module), then any.
    /// </summary>
    private static TypeLayout? FindLayout(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor flavour) =>
        LayoutFor(target, layouts, target.TryReadPointer(address, out ulong vf) ? Plausibility.ImageOf(target, vf) : null, flavour);

    /// <summary>The flavour's block layout as compiled into <paramref name="image"/> (the vfptr's), else any.</summary>
    internal static TypeLayout? LayoutFor(ITargetMemory target, ILayoutSource layouts, TargetModule? image, FlavourDescriptor flavour) =>
        (image is not null ? layouts.FindLayout($"{image.ModuleName}!{flavour.ControlBlockType}", target.Architecture) : null)
        ?? layouts.FindLayout(flavour.ControlBlockType, target.Architecture);

    private static void CheckVfTable(ITargetMemory target, FlavourDescriptor flavour, ObjectSnapshot block, FieldLayout field, ulong vf, string? symbol, Decision d)
    {
        if (VfTableProblem(target, field, vf, images: false) is { } problem)
        {
            d.NotBlock(problem);
            return;
        }
        if (symbol is not null)
        {
            if (flavour.IsOwnVfTable(symbol))
            {
                d.Identity = BlockIdentity.Symbols;
                d.Reasons.Add(Reason.Of(ReasonCode.VfTableConfirmsFlavour, ReasonArg.Label("symbol", symbol), ReasonArg.Label("flavour", flavour.DisplayName)));
            }
            else
            {
                d.NotBlock(Reason.Of(ReasonCode.VfTableOtherType, ReasonArg.Label("field", field.Name), ReasonArg.Address("value", vf), ReasonArg.Label("symbol", symbol),
                    ReasonArg.Label("flavour", flavour.DisplayName)));
            }
            return;
        }
        if (VfTableProblem(target, field, vf, images: true) is { } outside)
        {
            d.NotBlock(outside);
            return;
        }
        // Without symbols a tear-off's vtable pointer (C++/WinRT's m_source, windows-rs's second face: winrt-internals.md
        // §4.2, §5) is as much the block's structure as its vfptr: counts there mean another flavour's block.
        foreach (var tearOff in flavour.TearOffs(target.PointerSize))
        {
            if (block.Layout.Fields.FirstOrDefault(f => f.Offset == tearOff.Offset) is { } tearOffField && block.Raw(tearOffField) is { } raw
                && VfTableProblem(target, tearOffField, raw, images: true) is { } tearOffProblem)
            {
                d.NotBlock(tearOffProblem);
                return;
            }
        }
        d.Identity = BlockIdentity.Structure;
        d.StructureModule = Plausibility.ImageOf(target, vf)?.ModuleName ?? "";
    }

    /// <summary>
    /// Why a vtable pointer cannot be one (null, a fill pattern, misaligned, outside user mode; with
    /// <paramref name="images"/> also outside every loaded image); null when it can.
    /// </summary>
    private static Reason? VfTableProblem(ITargetMemory target, FieldLayout field, ulong vf, bool images)
    {
        int ptr = target.PointerSize;
        var name = ReasonArg.Label("field", field.Name);
        switch (Plausibility.CheckPointer(vf, ptr, ptr))
        {
            case PointerProblem.Null:
                return Reason.Of(ReasonCode.VfTableNull, name);
            case PointerProblem.FillPattern:
                var fill = Plausibility.FillPatternWord(vf, ptr)!.Value;
                return Reason.Of(ReasonCode.VfTableFillPattern, name, ReasonArg.Raw("value", vf),
                    ReasonArg.Raw("pattern", fill.Value), ReasonArg.Label("patternName", fill.Name));
            case PointerProblem.Misaligned:
                return Reason.Of(ReasonCode.VfTableMisaligned, name, ReasonArg.Address("value", vf), ReasonArg.Integer("alignment", ptr));
            case PointerProblem.NullPage or PointerProblem.NotUserMode:
                return Reason.Of(ReasonCode.VfTableOutsideImages, name, ReasonArg.Address("value", vf));
        }
        return images && Plausibility.ImageOf(target, vf) is null && Plausibility.KnowsImages(target)
            ? Reason.Of(ReasonCode.VfTableOutsideImages, name, ReasonArg.Address("value", vf))
            : null;
    }

    private static WeakReferenceState ClassifyCounts(FlavourDescriptor flavour, string strongName, string weakName, int strong, int weak, Decision d)
    {
        var strongSentinel = flavour.SentinelOf(FieldRole.StrongCount, strong);
        var weakSentinel = flavour.SentinelOf(FieldRole.WeakCount, weak);
        Reason Count(ReasonCode code, string field, int value) =>
            Reason.Of(code, ReasonArg.Label("field", field), ReasonArg.Integer("value", value));

        if (strongSentinel == SentinelMeaning.Destroyed)
        {
            d.Reasons.Add(weakSentinel == SentinelMeaning.Destroyed && weak == strong
                ? Reason.Of(ReasonCode.BothCountsDestroyed, ReasonArg.Label("strongField", strongName), ReasonArg.Label("weakField", weakName), ReasonArg.Integer("value", strong))
                : Reason.Of(ReasonCode.StrongDestroyedSentinel, ReasonArg.Label("field", strongName), ReasonArg.Integer("value", strong),
                    ReasonArg.Label("weakField", weakName), ReasonArg.Integer("weak", weak)));
            return WeakReferenceState.ControlBlockDestroyed;
        }
        foreach (var (field, value) in new[] { (strongName, strong), (weakName, weak) })
        {
            if (Plausibility.FillPattern32(unchecked((uint)value)) is { } fill)
            {
                d.Corrupt(Reason.Of(ReasonCode.CountFillPattern, ReasonArg.Label("field", field), ReasonArg.Raw("value", unchecked((uint)value)),
                    ReasonArg.Raw("pattern", fill.Value), ReasonArg.Label("patternName", fill.Name)));
                return WeakReferenceState.Corrupt;
            }
        }
        if (weakSentinel == SentinelMeaning.Destroyed)
            d.Corrupt(Reason.Of(ReasonCode.WeakDestroyedSentinelAlone, ReasonArg.Label("field", weakName), ReasonArg.Integer("value", weak),
                ReasonArg.Label("strongField", strongName), ReasonArg.Integer("strong", strong)));

        switch (strongSentinel)
        {
            case SentinelMeaning.Saturated:
                d.Reasons.Add(Count(ReasonCode.StrongSaturated, strongName, strong));
                CheckWeakWhileAlive(weakName, weak, d);
                return WeakReferenceState.Saturated;
            case SentinelMeaning.BeingCreated:
                d.Reasons.Add(Count(ReasonCode.StrongBeingCreated, strongName, strong));
                return WeakReferenceState.BeingCreated;
            case SentinelMeaning.StrongZero:
                d.Reasons.Add(Count(ReasonCode.StrongZeroSentinel, strongName, strong));
                return Released(strongName, weakName, weak, d);
        }
        if (strong == 0) return Released(strongName, weakName, weak, d);
        if (strong < 0)
        {
            d.Corrupt(Count(ReasonCode.StrongNegative, strongName, strong));
            return WeakReferenceState.Corrupt;
        }
        if (strong >= ImplausibleCount)
        {
            d.Corrupt(Count(ReasonCode.CountImplausible, strongName, strong));
            return WeakReferenceState.Corrupt;
        }
        d.Reasons.Add(Count(ReasonCode.StrongPositive, strongName, strong));
        CheckWeakWhileAlive(weakName, weak, d);
        return WeakReferenceState.Alive;
    }

    private static WeakReferenceState ReleasedByNullTarget(string strongName, string targetName, string weakName, int strong, int weak, Decision d)
    {
        d.Reasons.Add(Reason.Of(ReasonCode.TargetNullMeansReleased, ReasonArg.Label("field", targetName), ReasonArg.Label("strongField", strongName),
            ReasonArg.Integer("strong", strong), ReasonArg.Label("flavour", d.Flavour.DisplayName)));
        return Released(targetName, weakName, weak, d);
    }

    // releasedField: the field whose zero says the target was released (the strong count, or WinUI's target pointer).
    private static WeakReferenceState Released(string releasedField, string weakName, int weak, Decision d)
    {
        if (weak == 0 && d.Flavour.FreedAtZeroWeak)
        {
            d.Reasons.Add(Reason.Of(ReasonCode.BlockFreedAtZero, ReasonArg.Label("strongField", releasedField), ReasonArg.Label("weakField", weakName)));
            return WeakReferenceState.ControlBlockDestroyed;
        }
        if (weak <= 0)
        {
            d.Corrupt(Reason.Of(ReasonCode.NoHolderLeft, ReasonArg.Label("strongField", releasedField), ReasonArg.Label("weakField", weakName), ReasonArg.Integer("weak", weak)));
            return WeakReferenceState.Corrupt;
        }
        if (weak >= ImplausibleCount)
        {
            d.Corrupt(Reason.Of(ReasonCode.CountImplausible, ReasonArg.Label("field", weakName), ReasonArg.Integer("value", weak)));
            return WeakReferenceState.Corrupt;
        }
        var holders = d.Flavour.WeakHolders(WeakReferenceState.TargetDestroyed, weak) ?? weak;
        d.Reasons.Add(Reason.Of(ReasonCode.TargetReleased, ReasonArg.Label("field", releasedField), ReasonArg.Integer("holders", holders)));
        return WeakReferenceState.TargetDestroyed;
    }

    private static void CheckWeakWhileAlive(string weakName, int weak, Decision d)
    {
        if (weak <= 0)
            d.Corrupt(Reason.Of(ReasonCode.WeakHoldMissing, ReasonArg.Label("field", weakName), ReasonArg.Integer("value", weak)));
        else if (weak >= ImplausibleCount)
            d.Corrupt(Reason.Of(ReasonCode.CountImplausible, ReasonArg.Label("field", weakName), ReasonArg.Integer("value", weak)));
    }

    private static Reason TargetPointerReason(PointerProblem problem, string field, ulong value, int ptr)
    {
        var f = ReasonArg.Label("field", field);
        return problem switch
        {
            PointerProblem.Misaligned => Reason.Of(ReasonCode.TargetMisaligned, f, ReasonArg.Address("value", value), ReasonArg.Integer("alignment", ptr)),
            PointerProblem.NullPage => Reason.Of(ReasonCode.TargetInNullPage, f, ReasonArg.Address("value", value)),
            PointerProblem.FillPattern when Plausibility.FillPatternWord(value, ptr) is { } fill => Reason.Of(ReasonCode.TargetFillPattern, f,
                ReasonArg.Raw("value", value), ReasonArg.Raw("pattern", fill.Value), ReasonArg.Label("patternName", fill.Name)),
            _ => Reason.Of(ReasonCode.TargetNotUserMode, f, ReasonArg.Address("value", value)),
        };
    }

    /// <summary>
    /// When the address is not a block, it may be an object whose count-or-pointer word encodes one: the
    /// first pointer-mode word within <see cref="HintSearchBytes"/> whose block decodes as a block is offered.
    /// </summary>
    private static void FindObjectWordHint(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor flavour, Decision d)
    {
        int ptr = target.PointerSize;
        ulong start = address - address % (ulong)ptr;
        var bytes = new byte[HintSearchBytes];
        int read = target.Read(start, bytes);
        for (int offset = 0; offset + ptr <= read; offset += ptr)
        {
            var word = CountOrPointerWord.FromRaw(TargetInspector.ReadWord(bytes, offset, ptr), ptr);
            if (!word.IsPointer || Plausibility.CheckPointer(word.ControlBlock, ptr, ptr) != PointerProblem.None) continue;
            var candidate = Decode(target, layouts, word.ControlBlock, flavour, searchHint: false);
            if (candidate.State is WeakReferenceState.NotAControlBlock or WeakReferenceState.Incomplete) continue;
            ulong wordAddress = start + (ulong)offset;
            d.Reasons.Add(Reason.Of(ReasonCode.HintObjectWord, ReasonArg.Address("address", address), ReasonArg.Address("wordAddress", wordAddress),
                ReasonArg.Integer("offset", (long)(wordAddress - address)), ReasonArg.Address("block", word.ControlBlock),
                ReasonArg.Label("flavour", flavour.DisplayName)));
            return;
        }
    }

    /// <summary>True when a reason argues for another verdict than <paramref name="state"/>.</summary>
    private static bool Contradicts(ReasonCode code, WeakReferenceState state) => code switch
    {
        ReasonCode.StrongPositive => state != WeakReferenceState.Alive,
        ReasonCode.TargetReleased or ReasonCode.TargetNullMeansReleased => state != WeakReferenceState.TargetDestroyed,
        ReasonCode.StrongZeroSentinel => state is not (WeakReferenceState.TargetDestroyed or WeakReferenceState.ControlBlockDestroyed),
        ReasonCode.TargetStale or ReasonCode.TargetCleared => state is not (WeakReferenceState.TargetDestroyed or WeakReferenceState.ControlBlockDestroyed),
        ReasonCode.StrongSaturated => state != WeakReferenceState.Saturated,
        ReasonCode.StrongBeingCreated => state != WeakReferenceState.BeingCreated,
        ReasonCode.BothCountsDestroyed or ReasonCode.StrongDestroyedSentinel or ReasonCode.BlockFreedAtZero => state != WeakReferenceState.ControlBlockDestroyed,
        ReasonCode.BlockNotInstalled => state != WeakReferenceState.BeingCreated,
        ReasonCode.BackLinkFound => !state.TargetLives(),
        _ => false,
    };

    /// <summary>The decision being built: reasons in order, and whether a problem is decisive.</summary>
    private sealed class Decision(FlavourDescriptor flavour, ObjectSnapshot block)
    {
        public FlavourDescriptor Flavour { get; } = flavour;

        public List<Reason> Reasons { get; } = new();

        public BlockIdentity Identity { get; set; }

        public string? StructureModule { get; set; }

        public bool IsNotBlock { get; private set; }

        public bool IsCorrupt { get; private set; }

        public void NotBlock(Reason reason)
        {
            IsNotBlock = true;
            Identity = BlockIdentity.None;
            Reasons.Add(reason);
        }

        public void Corrupt(Reason? reason)
        {
            IsCorrupt = true;
            if (reason is not null) Reasons.Add(reason);
        }

        /// <summary>
        /// A problem that a real block of the flavour cannot have: with symbols confirming the type the block is
        /// corrupt; identified by structure only, it is more likely not a block at all.
        /// </summary>
        public void Doubt(Reason reason)
        {
            Reasons.Add(reason);
            if (Identity == BlockIdentity.Symbols) IsCorrupt = true;
            else
            {
                IsNotBlock = true;
                Identity = BlockIdentity.None;
                Reasons.Add(Reason.Of(ReasonCode.StructureDoesNotFit, ReasonArg.Label("flavour", Flavour.DisplayName)));
            }
        }

        public WeakReferenceVerdict Finish(WeakReferenceState state, int? strong, int? weak, ulong? target, TargetObjectInfo? info, string? vfSymbol)
        {
            if (state is not (WeakReferenceState.NotAControlBlock or WeakReferenceState.Incomplete) && Identity == BlockIdentity.Structure)
                Reasons.Insert(0, Reason.Of(ReasonCode.IdentityFromStructure, ReasonArg.Label("module", StructureModule ?? ""), ReasonArg.Label("flavour", Flavour.DisplayName)));
            var identity = state is WeakReferenceState.NotAControlBlock ? BlockIdentity.None : Identity;
            // A reason that argues for another verdict would contradict this one: it goes.
            Reasons.RemoveAll(r => Contradicts(r.Code, state));
            return new WeakReferenceVerdict(Flavour, block, state, identity, strong, weak, target, info, vfSymbol, Reasons);
        }
    }
}
