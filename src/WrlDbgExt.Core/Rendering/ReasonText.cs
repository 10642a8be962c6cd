using WrlDbgExt.Core.Decoders;

namespace WrlDbgExt.Core.Rendering;

/// <summary>The English for every reason code and verdict; the only place decoder decisions become sentences.</summary>
public static class ReasonText
{
    /// <summary>One-line title of a state.</summary>
    public static string Title(WeakReferenceState state) => state switch
    {
        WeakReferenceState.Alive => "target alive",
        WeakReferenceState.TargetDestroyed => "target destroyed, weak references outstanding",
        WeakReferenceState.ControlBlockDestroyed => "control block destroyed",
        WeakReferenceState.Saturated => "strong count saturated: target leaked",
        WeakReferenceState.BeingCreated => "control block being created",
        WeakReferenceState.Corrupt => "corrupt",
        WeakReferenceState.NotAControlBlock => "not a control block",
        WeakReferenceState.Incomplete => "incomplete: the dump does not hold the whole block",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>
    /// The sentence for a reason. <paramref name="objectCommand"/> turns an address into the host's command line
    /// for the hint that it is an object (<c>wrldbg obj DUMP …</c> or <c>!wrlobj …</c>).
    /// </summary>
    public static string Render(Reason r, int ptr, Func<string, string>? objectCommand = null)
    {
        string A(string name) => Hex.Pointer(r.Address(name), ptr);
        string W(string name) => Hex.Raw(r.Address(name), ptr);
        string X32(string name) => $"0x{(uint)r.Address(name):X8}";
        string N(string name) => r.Integer(name).ToString(System.Globalization.CultureInfo.InvariantCulture);
        string D(string name) => Hex.Signed(r.Integer(name));
        string Off(string name) => $"+0x{r.Integer(name):x}";
        string T(string name) => r.Text(name);
        string SignedOff(string name) => r.Integer(name) < 0 ? $"-0x{-r.Integer(name):x}" : $"+0x{r.Integer(name):x}";
        string Fill() => $"{X32("pattern")} fill ({T("patternName")})";

        return r.Code switch
        {
            ReasonCode.NothingReadable => $"no byte of the block at {A("address")} is in this target",
            ReasonCode.FieldNotCaptured => $"{T("field")} at {Off("offset")} ({A("address")}) is not in the target's memory (not captured)",
            ReasonCode.FieldTruncated => $"{T("field")} at {Off("offset")} ({A("address")}) is listed in the dump but lies beyond the end of its file (truncated dump)",
            ReasonCode.FieldUnreadable => $"{T("field")} at {Off("offset")} ({A("address")}) is not readable in this target",

            ReasonCode.BlockMisaligned => $"the address {A("address")} is not {N("alignment")}-byte aligned: no heap block starts there",
            ReasonCode.VfTableNull => $"{T("field")} (the vfptr) is null: a live or freed-but-unreused block always has one",
            ReasonCode.VfTableMisaligned => $"{T("field")} {A("value")} is not {N("alignment")}-byte aligned: not a vftable",
            ReasonCode.VfTableFillPattern => $"{T("field")} holds the {Fill()}, not a vftable",
            ReasonCode.VfTableOutsideImages => $"{T("field")} {A("value")} lies outside every loaded image: not a vftable",
            ReasonCode.VfTableOtherType => $"{T("field")} resolves to {T("symbol")}, not the {T("flavour")} control block's vftable",
            ReasonCode.VfTableConfirmsFlavour => $"the vfptr resolves to {T("symbol")}: a {T("flavour")} control block",
            ReasonCode.IdentityFromStructure => T("module").Length > 0
                ? $"no symbols: taken as a {T("flavour")} block by its structure (vfptr inside {T("module")}, fields that fit)"
                : $"no symbols: taken as a {T("flavour")} block by its structure (fields that fit; no module list to check the vfptr against)",
            ReasonCode.StructureDoesNotFit => $"a {T("flavour")} block always holds a valid target pointer: without symbols this memory cannot be told from a corrupt block, so it is not taken as one",

            ReasonCode.BothCountsDestroyed => $"{T("strongField")} and {T("weakField")} both hold {Sentinel(r.Integer("value"))}, the sentinel the destructors write: the block was freed and not reused",
            ReasonCode.StrongDestroyedSentinel => $"{T("field")} holds {Sentinel(r.Integer("value"))}, the sentinel its destructor writes: the block was destroyed ({T("weakField")} = {D("weak")})",
            ReasonCode.WeakDestroyedSentinelAlone => $"{T("field")} holds the destroyed sentinel {Sentinel(r.Integer("value"))} but {T("strongField")} = {D("strong")} does not",
            ReasonCode.StrongSaturated => $"{T("field")} = 0x7FFFFFFF (LONG_MAX): increments saturate there and never come down: the target is leaked",
            ReasonCode.StrongBeingCreated => $"{T("field")} = 0x3FFFFFFF (LONG_MAX/2), the value written before the real count is copied in: the block is being installed",
            ReasonCode.StrongZeroSentinel => $"{T("field")} holds {Sentinel(r.Integer("value"))}, the library's mark for a strong count that reached zero",
            ReasonCode.TargetReleased => $"{T("field")} = 0: the target was released; {Plural(r.Integer("holders"), "IWeakReference holder")} {(r.Integer("holders") == 1 ? "keeps" : "keep")} the block alive and Resolve returns null",
            ReasonCode.NoHolderLeft => $"{T("strongField")} = 0 and {T("weakField")} = {D("weak")}: with no holder left the block should have been freed (use after free?)",
            ReasonCode.StrongNegative => $"{T("field")} = {D("value")} is negative and not a sentinel",
            ReasonCode.CountImplausible => $"{T("field")} = 0x{(uint)r.Integer("value"):x} is above LONG_MAX/2 and not a sentinel: not a plausible count",
            ReasonCode.StrongPositive => $"{T("field")} = {D("value")} > 0: the target is alive and Resolve succeeds",
            ReasonCode.WeakHoldMissing => $"{T("field")} = {D("value")} while the target is alive: the target's own hold on the block is missing",
            ReasonCode.CountFillPattern => $"{T("field")} holds the {Fill()}: this memory is not a live block",

            ReasonCode.TargetNull => $"{T("field")} is null while the strong count is positive",
            ReasonCode.TargetMisaligned => $"{T("field")} {A("value")} is not {N("alignment")}-byte aligned: not an object pointer",
            ReasonCode.TargetNotUserMode => $"{T("field")} {A("value")} is not a user-mode address",
            ReasonCode.TargetInNullPage => $"{T("field")} {A("value")} lies in the first 64 KiB, which is never mapped",
            ReasonCode.TargetFillPattern => $"{T("field")} holds the {Fill()}, not an object pointer",
            ReasonCode.TargetStale => r.Integer("cleared") == 0
                ? $"{T("field")} still holds {A("value")} ({T("flavour")} never clears it): the target is gone, do not dereference it"
                : $"{T("field")} still holds {A("value")}: the target is gone, do not dereference it",
            ReasonCode.TargetNullNeverCleared => $"{T("field")} is null, but {T("flavour")} never clears it: a released {T("flavour")} block still holds its old target",
            ReasonCode.TargetCleared => $"{T("field")} is null: the library cleared it when the target went away",

            ReasonCode.TargetNotCaptured => $"target {A("address")} is not in the target's memory (not captured): its type and back-link are unknown",
            ReasonCode.TargetTruncated => $"target {A("address")} is listed in the dump but lies beyond the end of its file (truncated dump): its type and back-link are unknown",
            ReasonCode.TargetUnreadable => $"target {A("address")} is not readable in this target: its type and back-link are unknown",
            ReasonCode.TargetVfTableNull => $"the target at {A("address")} has a null vfptr: the block says it lives, but it is not a live object (dangling target?)",
            ReasonCode.TargetVfTableOutsideImages => $"the target's vfptr {A("value")} lies outside every loaded image: the block says it lives, but it is not a live object (dangling target?)",
            ReasonCode.TargetVfTableFillPattern => $"the target's vfptr holds the {Fill()}: the block says the target lives, but its memory was freed (dangling target)",
            ReasonCode.BackLinkFound => $"the target's word at {SignedOff("offset")} links to this block ({W("raw")}): the pair is consistent",
            ReasonCode.BackLinkNotFound => $"no word in the target's first 0x{r.Integer("searched"):x} bytes encodes this block (the word may lie further in, or the target is not a weak-capable object)",

            ReasonCode.BlockNotInstalled => $"the target's word at {A("wordAddress")} still holds a count ({N("count")}), not this block: the block is being installed, or was abandoned when another thread's block won",
            ReasonCode.TargetNullMeansReleased => $"{T("field")} is null: {T("flavour")} nulls it when the source is released ({T("strongField")} = {D("strong")} is the reference it adds back for its final release)",
            ReasonCode.CountImplausibleWithoutSymbols => $"{T("field")} = 0x{(uint)r.Integer("value"):x} is above 0x{r.Integer("limit"):x}: without symbols to confirm the type, a count that large means this memory is something else",
            ReasonCode.BlockFreedAtZero => $"{T("strongField")} = 0 and {T("weakField")} = 0: the block freed itself when its last holder let go; this is freed memory not yet reused",
            ReasonCode.DecodedFromTearOff => $"{A("address")} is the {T("interface")} tear-off ({T("type")}) {Off("offset")} into the block: decoded the block at {A("block")}",
            ReasonCode.StructureAlsoReadsAs => $"without symbols this memory also reads as a {T("flavours")} block in the same state, with the counts at other offsets: symbols would tell the flavour",
            ReasonCode.StructureAlsoFits => $"without symbols this memory fits a {T("flavours")} block just as well (same layout): symbols would tell the flavour; the state and counts read the same",

            ReasonCode.HintObjectWord => $"the word at {A("wordAddress")} ({SignedOff("offset")}) encodes a {T("flavour")} block at {A("block")}: this looks like an object; try: "
                + (objectCommand?.Invoke(A("address")) ?? $"obj {A("address")}"),
            ReasonCode.HintObjectShape => $"it also fits a {T("flavour")} object in count mode (vtable pointers and a count at {A("wordAddress")}): if it is an object, try: "
                + (objectCommand?.Invoke(A("address")) ?? $"obj {A("address")}"),

            ReasonCode.ObjectWordFromSymbols => $"symbols: the vftable is {T("class")}'s, whose {T("field")} is at {Off("offset")}",
            ReasonCode.ObjectWordFromBackLink => $"no symbols: the word at {A("wordAddress")} links to a {T("flavour")} block at {A("block")} whose target is this object",
            ReasonCode.ObjectWordFromSibling => $"no symbols: the same vtable pointers as the {T("flavour")} object at {A("sibling")}, which a block links back to, and a plausible count at {Off("offset")}, where that object keeps its word",
            ReasonCode.ObjectWordFromShape => $"no symbols: vtable pointers into images and a plausible count at {Off("offset")}, where a {T("flavour")} {T("shape")} keeps its word (taken by structure: the shape names the flavour, and another library's object can share it)",
            ReasonCode.NoCountWord => $"no count word found: searched {A("from")}..{A("to")}"
                + (r.Integer("missing") > 0 ? $" (0x{r.Integer("missing"):x} bytes of it are not in the target's memory: a word there cannot be seen)" : "")
                + $" for a {T("flavours")} object (by symbols, by a word linking to a block that points back, by object shape) and none fits",

            ReasonCode.BufferFromSymbols => $"symbols: the vftables are the reference implementation's {T("kind")} class; the object starts at {A("start")}",
            ReasonCode.BufferFromStructure => $"no symbols: three vtable pointers into images at {A("start")} and a shared state that "
                + (T("kind") == "buffer" ? "names this object as its buffer" : "lists this object as a reference of its buffer"),
            ReasonCode.NotABuffer => $"{A("address")} is no IMemoryBuffer, IMemoryBufferReference or IMemoryBufferByteAccess pointer of a known implementation (nor one or two interfaces into one), nor a byte of a buffer's memory: no three vtable pointers with a state that links back, and no captured buffer's data and capacity cover it",
            ReasonCode.ByteOfBuffer => $"{A("address")} is byte {Off("offset")} of the memory of the buffer at {A("buffer")} (its state's data and capacity cover it)",
            ReasonCode.BufferListNotCaptured => $"the open-reference list goes on at {A("at")}, which the target does not hold: {N("followed")} reference(s) seen, the rest are not known",
            ReasonCode.BufferListBroken => $"the open-reference list of the state at {A("state")} loops or runs on after {N("followed")} entries: corrupt",
            ReasonCode.BufferPinnedAfterClose => $"closed, but {N("count")} open reference(s) still pin its memory (0x{r.Integer("capacity"):x} bytes at {A("data")}): their owners must close them",
            ReasonCode.BufferHeldByNobody => $"closed with no open reference, yet the state at {A("state")} says the memory was not given back: corrupt or a leak in the implementation",
            ReasonCode.ReferencePinsClosedBuffer => $"open after its buffer was closed: it pins 0x{r.Integer("capacity"):x} bytes at {A("data")} until it is closed (a leak if nobody does)",
            ReasonCode.ReferenceOutlivesBuffer => "open, but its buffer object is gone: the memory stays until this reference is closed or released",
            ReasonCode.ClosedRaisedOnRelease => $"{N("handlers")} Closed handler(s) on {N("references")} open reference(s) of an implementation that raises Closed when a reference is released: "
                + "they will run on whatever thread releases it last, on an object being destroyed; a handler that keeps the sender without balancing its AddRef (a C# handler's wrapper does) uses it after it is freed (docs/winrt-internals.md, section 8.2)",
            ReasonCode.BufferFromOsVfTable => $"symbols: the vftable is {T("symbol")}, an interface of the OS's {T("class")} {T("kind")} (recognised by the vftable's name alone; docs/winrt-internals.md, section 8.4)",
            ReasonCode.OsBufferOpaque => $"opaque: the types of {T("class")} are not public, so its capacity, data pointer, closed state, references and Closed handlers are not known from a dump (a live process can ask get_Capacity and GetBuffer)",
            ReasonCode.OsBufferRaisesClosedOnRelease => $"{T("class")} raises Closed when a reference is released (from its destructor): a Closed handler that keeps the sender (a C# handler's wrapper does) uses it after it is freed; whether handlers are registered is not known from a dump",
            ReasonCode.OsBufferNotThreadSafe => $"{T("class")} is not thread-safe: Close at the same time as CreateReference is a use-after-free, two Close calls at once over-release the buffer and raise Closed twice (docs/winrt-internals.md, section 8.3)",
            ReasonCode.DataPointerLeftInClosedReference => r.Text("memory") == "freed"
                ? $"closed, but {N("count")} captured pointer(s) into the 0x{r.Integer("capacity"):x} bytes it handed out at {A("data")} remain, and that memory was given back: they dangle"
                : $"closed, but {N("count")} captured pointer(s) into the 0x{r.Integer("capacity"):x} bytes it handed out at {A("data")} remain; the memory is still held by the buffer or other references, so they may be those consumers' own",

            ReasonCode.WordMisaligned => $"the word's address {A("address")} is not {N("alignment")}-byte aligned: objects keep this word aligned",
            ReasonCode.WordUpperHalfSet => $"count mode, but the upper half of {W("raw")} is not zero: the library uses only the low 32 bits, so this is not a count-or-pointer word",
            ReasonCode.WordCount => $"strong count {N("count")}; no weak reference has been taken, so there is no control block",
            ReasonCode.WordCountZero => "strong count 0: the object has been released (or the word is not a live object's)",
            ReasonCode.WordCountSaturated => "strong count 0x7FFFFFFF: saturated, the object is leaked",
            ReasonCode.WordPointer => $"pointer mode (top bit set): control block at {A("block")} = raw << 1",
            ReasonCode.WordBlockNull => "pointer mode, but raw << 1 is null: no control block can be there",
            ReasonCode.WordBlockNotUserMode => $"pointer mode, but raw << 1 = {A("block")} is not a user-mode address: not a count-or-pointer word",
            ReasonCode.WordBlockInNullPage => $"pointer mode, but raw << 1 = {A("block")} lies in the never-mapped first 64 KiB",
            ReasonCode.WordBlockMisaligned => $"pointer mode, but raw << 1 = {A("block")} is not {N("alignment")}-byte aligned: no heap block starts there",
            ReasonCode.WordFillPattern => $"the word {W("raw")} is the {Fill()}: this memory is not a live object",
            ReasonCode.WordBlockUnreadable => $"the control block at {A("block")} is not in this target's memory",
            _ => r.Code.ToString(),
        };
    }

    /// <summary>A count, with its name when the flavour declares it a sentinel (the values live in the descriptor).</summary>
    public static string CountText(Flavours.FlavourDescriptor flavour, int count) =>
        flavour.Sentinels.FirstOrDefault(s => s.Value == count)?.Meaning switch
        {
            Flavours.SentinelMeaning.Saturated => $"{Sentinel(count)} (saturated)",
            Flavours.SentinelMeaning.BeingCreated => $"{Sentinel(count)} (being created)",
            Flavours.SentinelMeaning.Destroyed => $"{Sentinel(count)} (destroyed sentinel)",
            Flavours.SentinelMeaning.StrongZero => $"{Sentinel(count)} (strong-zero sentinel)",
            _ => count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>Kebab-case id of a code for JSON (<c>BackLinkFound</c> → <c>back-link-found</c>).</summary>
    public static string CodeId(ReasonCode code) => JsonText.KebabCase(code.ToString());

    private static string Sentinel(long value) => $"0x{(uint)value:X8}";

    private static string Plural(long n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
