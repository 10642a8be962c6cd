namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Every reason a decoder can give. Arguments are named in each comment; the text is in
/// Rendering/ReasonText.cs. Codes are stable: JSON writes them in kebab case.
/// </summary>
public enum ReasonCode
{
    // --- memory
    /// <summary>address: not one byte of the block is in the target.</summary>
    NothingReadable,
    /// <summary>field, offset, address: the field's bytes were never captured.</summary>
    FieldNotCaptured,
    /// <summary>field, offset, address: the dump lists the field's bytes but its file ends before them.</summary>
    FieldTruncated,
    /// <summary>field, offset, address: unreadable, the target cannot say why.</summary>
    FieldUnreadable,

    // --- identity of the block
    /// <summary>address, alignment: no heap block starts there.</summary>
    BlockMisaligned,
    /// <summary>field: the vfptr is null.</summary>
    VfTableNull,
    /// <summary>field, value, alignment.</summary>
    VfTableMisaligned,
    /// <summary>field, value, pattern, patternName.</summary>
    VfTableFillPattern,
    /// <summary>field, value: outside every loaded image.</summary>
    VfTableOutsideImages,
    /// <summary>field, value, symbol, flavour: the vfptr names another type.</summary>
    VfTableOtherType,
    /// <summary>symbol, flavour: the vfptr names the flavour's block vftable.</summary>
    VfTableConfirmsFlavour,
    /// <summary>module, flavour: no symbols; the vfptr lies in an image and the shape fits the flavour.</summary>
    IdentityFromStructure,
    /// <summary>flavour: the structure does not fit; without symbols a corrupt block and other memory look alike.</summary>
    StructureDoesNotFit,

    // --- counts
    /// <summary>strongField, weakField, value: both counts hold the destroyed sentinel.</summary>
    BothCountsDestroyed,
    /// <summary>field, value, weakField, weak.</summary>
    StrongDestroyedSentinel,
    /// <summary>field, value, strongField, strong: the weak count holds the destroyed sentinel, the strong count does not.</summary>
    WeakDestroyedSentinelAlone,
    /// <summary>field, value.</summary>
    StrongSaturated,
    /// <summary>field, value.</summary>
    StrongBeingCreated,
    /// <summary>field, value: the library's "strong count reached zero" sentinel.</summary>
    StrongZeroSentinel,
    /// <summary>field, holders: the target was released; holders keep the block; Resolve gives null.</summary>
    TargetReleased,
    /// <summary>strongField, weakField, weak: no holder left, the block should have been freed.</summary>
    NoHolderLeft,
    /// <summary>field, value: negative and not a sentinel.</summary>
    StrongNegative,
    /// <summary>field, value: at or above 2^31 / the being-created value and not a sentinel.</summary>
    CountImplausible,
    /// <summary>field, value: positive: Resolve succeeds.</summary>
    StrongPositive,
    /// <summary>field, value: the target's own hold is missing while it lives.</summary>
    WeakHoldMissing,
    /// <summary>field, value, pattern, patternName.</summary>
    CountFillPattern,

    // --- target pointer
    /// <summary>field: null although the target is alive.</summary>
    TargetNull,
    /// <summary>field, value, alignment.</summary>
    TargetMisaligned,
    /// <summary>field, value: not a canonical user-mode address.</summary>
    TargetNotUserMode,
    /// <summary>field, value: in the never-mapped first 64 KiB.</summary>
    TargetInNullPage,
    /// <summary>field, value, pattern, patternName.</summary>
    TargetFillPattern,
    /// <summary>field, value, flavour, cleared: the strong count is not positive; the pointer is stale and not followed.</summary>
    TargetStale,
    /// <summary>field, flavour: null, but the flavour never clears it: no released block of it looks so.</summary>
    TargetNullNeverCleared,
    /// <summary>field: null after release (the library clears it).</summary>
    TargetCleared,

    // --- the target object (read only while alive)
    /// <summary>address: the target's memory was never captured.</summary>
    TargetNotCaptured,
    /// <summary>address: the dump lists the target's memory but its file ends before it.</summary>
    TargetTruncated,
    /// <summary>address: unreadable, the target cannot say why.</summary>
    TargetUnreadable,
    /// <summary>address: the target's vfptr is null.</summary>
    TargetVfTableNull,
    /// <summary>address, value: the target's vfptr lies outside every loaded image.</summary>
    TargetVfTableOutsideImages,
    /// <summary>address, value, pattern, patternName.</summary>
    TargetVfTableFillPattern,
    /// <summary>offset, raw: the target's count-or-pointer word encodes this block.</summary>
    BackLinkFound,
    /// <summary>searched: no word in the target's first bytes encodes this block.</summary>
    BackLinkNotFound,
    /// <summary>wordAddress, count: the word where the flavour keeps it still holds a count, so the block was never installed.</summary>
    BlockNotInstalled,
    /// <summary>field, strongField, strong, flavour: the flavour nulls the target on release, and it is null.</summary>
    TargetNullMeansReleased,
    /// <summary>field, value, limit: a count too large for memory identified by structure alone.</summary>
    CountImplausibleWithoutSymbols,
    /// <summary>strongField, weakField: both counts zero in a flavour whose block frees itself at zero without a sentinel.</summary>
    BlockFreedAtZero,

    // --- how the block was found
    /// <summary>address, offset, interface, type, block: the address is a tear-off inside the block.</summary>
    DecodedFromTearOff,
    /// <summary>flavours: without symbols the memory fits these flavours' blocks just as well.</summary>
    StructureAlsoFits,
    /// <summary>flavours: without symbols the memory also reads as these flavours' blocks in the same state, with other counts.</summary>
    StructureAlsoReadsAs,

    // --- hints
    /// <summary>address, wordAddress, offset, block, flavour: the address looks like an object whose word encodes a block.</summary>
    HintObjectWord,

    /// <summary>address, wordAddress, flavour: the address also fits a count-mode object of the flavour (its shape).</summary>
    HintObjectShape,

    // --- objects (obj)
    /// <summary>class, field, offset: the vftable's class and its word member, from symbols.</summary>
    ObjectWordFromSymbols,
    /// <summary>wordAddress, block, flavour: the word decodes to a block whose target is this object.</summary>
    ObjectWordFromBackLink,
    /// <summary>shape, flavour, offset: a count where a known object shape keeps its word.</summary>
    ObjectWordFromShape,
    /// <summary>sibling, flavour, offset: the vtable pointers of the object at <c>sibling</c> (found by back-link) and a count at its word's offset.</summary>
    ObjectWordFromSibling,
    /// <summary>from, to, flavours, missing: no count word in the searched range, of which <c>missing</c> bytes were not readable.</summary>
    NoCountWord,

    // --- IMemoryBuffer (membuf)
    /// <summary>kind, start: the vftable symbols name the implementation's buffer or reference class.</summary>
    BufferFromSymbols,
    /// <summary>kind, start: three vtable pointers into images and a shared state that names the buffer / lists the reference.</summary>
    BufferFromStructure,
    /// <summary>address: no buffer, reference or byte-access pointer of a known implementation starts there or one or two interfaces before.</summary>
    NotABuffer,
    /// <summary>address, offset, buffer: the address is a byte of that buffer's memory.</summary>
    ByteOfBuffer,
    /// <summary>at, followed: the open-reference list goes on at a reference the target does not hold.</summary>
    BufferListNotCaptured,
    /// <summary>state, followed: the open-reference list loops or runs past the limit.</summary>
    BufferListBroken,
    /// <summary>count, data, capacity: the buffer is closed but open references still pin its memory.</summary>
    BufferPinnedAfterClose,
    /// <summary>state: closed, no open reference, yet the memory was not given back.</summary>
    BufferHeldByNobody,
    /// <summary>data, capacity: this reference is open after its buffer was closed and pins the memory.</summary>
    ReferencePinsClosedBuffer,
    /// <summary>The reference is open but its buffer object is gone: nobody but this reference's owner can close it.</summary>
    ReferenceOutlivesBuffer,
    /// <summary>handlers, references: Closed handlers on an implementation that raises Closed when a reference is released (docs/winrt-internals.md §8.2).</summary>
    ClosedRaisedOnRelease,
    /// <summary>count, data, capacity, memory (freed / held): a closed reference handed out its data pointer and captured words still point into the block.</summary>
    DataPointerLeftInClosedReference,
    /// <summary>symbol, class, kind: the vftable symbol names an OS implementation's buffer or reference (docs/winrt-internals.md §8.4).</summary>
    BufferFromOsVfTable,
    /// <summary>class: its types are not public; capacity, data, references and handlers are not known from a dump.</summary>
    OsBufferOpaque,
    /// <summary>class: the implementation raises Closed when a reference is released; whether handlers are registered is unknown.</summary>
    OsBufferRaisesClosedOnRelease,
    /// <summary>class: the implementation is not thread-safe (§8.3: Close concurrent with CreateReference or Close).</summary>
    OsBufferNotThreadSafe,

    // --- count-or-pointer words
    /// <summary>address, alignment.</summary>
    WordMisaligned,
    /// <summary>raw: count mode, but the upper half of an x64 word is not zero.</summary>
    WordUpperHalfSet,
    /// <summary>count.</summary>
    WordCount,
    /// <summary>none: count 0.</summary>
    WordCountZero,
    /// <summary>count: LONG_MAX.</summary>
    WordCountSaturated,
    /// <summary>block: pointer mode.</summary>
    WordPointer,
    /// <summary>none: the decoded block pointer is null.</summary>
    WordBlockNull,
    /// <summary>block: not a canonical user-mode address.</summary>
    WordBlockNotUserMode,
    /// <summary>block: in the never-mapped first 64 KiB.</summary>
    WordBlockInNullPage,
    /// <summary>block, alignment.</summary>
    WordBlockMisaligned,
    /// <summary>raw, pattern, patternName.</summary>
    WordFillPattern,
    /// <summary>block: the decoded block is not in the target's memory.</summary>
    WordBlockUnreadable,
}
