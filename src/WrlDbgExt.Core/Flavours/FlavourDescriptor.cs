using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Flavours;

/// <summary>The part a control-block field plays, whatever the library calls it.</summary>
public enum FieldRole
{
    /// <summary>The block's vfptr (its IWeakReference interface).</summary>
    VfTable,

    /// <summary>The target's strong count (Resolve succeeds while it is positive).</summary>
    StrongCount,

    /// <summary>The block's own count: IWeakReference holders, plus the target's hold while it lives.</summary>
    WeakCount,

    /// <summary>The raw target pointer (never AddRef'd by the block).</summary>
    Target,
}

/// <summary>What a sentinel value written into a count means.</summary>
public enum SentinelMeaning
{
    /// <summary>Written by a destructor: the block (or its target) was destroyed.</summary>
    Destroyed,

    /// <summary>Increments stick here: the target is leaked.</summary>
    Saturated,

    /// <summary>Transient value while the block is being installed.</summary>
    BeingCreated,

    /// <summary>The library's way of writing "strong count reached zero".</summary>
    StrongZero,
}

/// <summary>How an object of the flavour links to its control block.</summary>
public enum ObjectWordEncoding
{
    /// <summary>A pointer-sized word: the strong count, or with the top bit set the block's address &gt;&gt; 1 (WRL, C++/WinRT, WinUI, windows-rs).</summary>
    CountOrPointer,

    /// <summary>A plain pointer to the block, set from creation on; the strong count always lives in the block (C++/CX).</summary>
    BlockPointer,
}

/// <summary>
/// A second interface pointer that lives inside the block (C++/WinRT's IWeakReferenceSource tear-off, windows-rs's
/// IWeakReference): an address <see cref="Offset"/> bytes into the block.
/// </summary>
/// <param name="Offset">Bytes from the block's start.</param>
/// <param name="Interface">The interface it implements.</param>
/// <param name="Type">Its C++ type, for messages.</param>
public sealed record BlockTearOff(int Offset, string Interface, string Type);

/// <summary>
/// Where the vtable pointers and the count word of a weak-capable object sit, for a structural search of a
/// count-mode object (no block to link back): offsets from the object's start.
/// </summary>
/// <param name="Name">What the shape is (<c>RuntimeClass with FtmBase, 2 interfaces</c>).</param>
/// <param name="VfTableOffsets">Where the object's vtable pointers are.</param>
/// <param name="WordOffset">Where its count-or-pointer word is.</param>
public sealed record ObjectShape(string Name, IReadOnlyList<int> VfTableOffsets, int WordOffset);

/// <param name="Value">The 32-bit value as written.</param>
/// <param name="Role">The count it is written into.</param>
/// <param name="Meaning">What it says.</param>
public sealed record CountSentinel(int Value, FieldRole Role, SentinelMeaning Meaning);

/// <summary>
/// Everything the core knows about one weak-reference flavour (WRL, C++/WinRT, …): the types and vftable
/// symbols it recognises, its built-in layouts, which field plays which role, its sentinels and how many
/// IWeakReference holders a weak count means. One file per flavour under <c>Flavours/</c>; the decoders and
/// hosts only ever see this descriptor, so a new flavour touches nothing else.
/// </summary>
public abstract class FlavourDescriptor
{
    /// <summary>Stable id for scripts, JSON and <c>--flavour</c> (<c>wrl</c>).</summary>
    public abstract string Id { get; }

    /// <summary>Name people use (<c>WRL</c>).</summary>
    public abstract string DisplayName { get; }

    /// <summary>Fully qualified C++ type of the control block.</summary>
    public abstract string ControlBlockType { get; }

    /// <summary>
    /// vftable symbols (without <c>module!</c>) that identify the control block. A vfptr naming one of them
    /// confirms the flavour; a vfptr naming anything else rules the flavour out.
    /// </summary>
    public abstract IReadOnlyList<string> VfTableSymbols { get; }

    /// <summary>Layouts known without symbols, one per architecture family.</summary>
    public abstract IReadOnlyList<TypeLayout> BuiltInLayouts { get; }

    /// <summary>The field names (as the layouts and PDBs call them) of each role.</summary>
    public abstract IReadOnlyDictionary<FieldRole, string> Roles { get; }

    /// <summary>Values the library writes into counts on purpose.</summary>
    public abstract IReadOnlyList<CountSentinel> Sentinels { get; }

    /// <summary>True when the library nulls the target pointer once the strong count reaches zero.</summary>
    public virtual bool ClearsTargetOnRelease => false;

    /// <summary>
    /// True when a null target pointer is how the library marks a released target, whatever the strong count says
    /// (WinUI adds a reference back before its final release, so a dead target's block reads strong 1).
    /// </summary>
    public virtual bool ReleasedWhenTargetNull => false;

    /// <summary>
    /// True when the library may null the target pointer at zero but need not (C++/CX clears it only for a block
    /// allocated apart from its object): a null and a stale pointer are both normal then.
    /// </summary>
    public virtual bool MayClearTarget => ClearsTargetOnRelease;

    /// <summary>
    /// True when the block frees itself once its own count reaches zero without writing a sentinel, so a kept
    /// block with no holder and no strong reference is freed memory (C++/WinRT, C++/CX, WinUI, windows-rs).
    /// </summary>
    public virtual bool FreedAtZeroWeak => false;

    /// <summary>Interface pointers inside the block other than the one at its start.</summary>
    public virtual IReadOnlyList<BlockTearOff> TearOffs(int pointerSize) => [];

    /// <summary>How the flavour's objects link to their block.</summary>
    public virtual ObjectWordEncoding WordEncoding => ObjectWordEncoding.CountOrPointer;

    /// <summary>The object member that holds the word, as PDBs name it (<c>refCount_</c>, <c>m_references</c>).</summary>
    public abstract IReadOnlyList<string> WordFields { get; }

    /// <summary>
    /// Members (by PDB name) only this flavour's objects have besides the word, which tell it apart where another
    /// flavour names its word alike (WinUI's <c>ctl::ComBase</c> and WRL both say <c>refCount_</c>).
    /// </summary>
    public virtual IReadOnlyList<string> ClassMarkers => [];

    /// <summary>
    /// Type signatures (NatVis syntax, <c>*</c> for template arguments) of the classes a weak-capable object of this
    /// flavour derives from, for data-model extensions: the extension's <c>WeakReference</c> property attaches there.
    /// </summary>
    public virtual IReadOnlyList<string> ObjectTypeSignatures => [];

    /// <summary>The block type as a data-model type signature (template arguments as <c>*</c>).</summary>
    public virtual string ControlBlockTypeSignature => ControlBlockType;

    /// <summary>Bytes from the object's start to the identity pointer the block's target holds (C++/WinRT: its root vfptr and word come first).</summary>
    public virtual int IdentityOffset(int pointerSize) => 0;

    /// <summary>
    /// Whether a word <paramref name="offsetFromIdentity"/> bytes from the identity can be the object's word: after
    /// it (WRL, C++/CX, WinUI, windows-rs) or, for C++/WinRT, exactly one pointer before it.
    /// </summary>
    public virtual bool WordOffsetFits(long offsetFromIdentity, int pointerSize) => offsetFromIdentity > 0;

    /// <summary>Object shapes a count-mode object of the flavour is searched by when no symbols name its type.</summary>
    public virtual IEnumerable<ObjectShape> CountModeShapes(int pointerSize) => [];

    /// <summary>
    /// IWeakReference holders a weak count stands for in a state; null when it cannot be told. Every flavour here
    /// counts the strong side's hold in the block's own count while the target lives and drops it when it dies.
    /// </summary>
    public virtual int? WeakHolders(WeakReferenceState state, int weak) => state switch
    {
        WeakReferenceState.Alive or WeakReferenceState.Saturated or WeakReferenceState.BeingCreated => weak - 1,
        WeakReferenceState.TargetDestroyed => weak,
        _ => null,
    };

    public string FieldName(FieldRole role) => Roles[role];

    public TypeLayout? BuiltInLayout(TargetArchitecture architecture) =>
        BuiltInLayouts.FirstOrDefault(l => l.Family == architecture.LayoutFamily());

    /// <summary>The sentinel meaning of <paramref name="value"/> in the field of <paramref name="role"/>, if any.</summary>
    public SentinelMeaning? SentinelOf(FieldRole role, int value) =>
        Sentinels.FirstOrDefault(s => s.Role == role && s.Value == value)?.Meaning;

    /// <summary>
    /// Whether a symbol (<c>module!Type::`vftable'</c>, maybe with <c>{for `I'}</c>) is this flavour's block vftable.
    /// An entry of <see cref="VfTableSymbols"/> may hold <c>*</c> for any text (template arguments differ by build).
    /// </summary>
    public bool IsOwnVfTable(string symbol) => VfTableSymbols.Any(v => SymbolPattern.Matches(v, symbol));

    /// <summary>The tear-off whose vftable symbol names <paramref name="symbol"/>, if any.</summary>
    public BlockTearOff? TearOffNamed(string symbol, int pointerSize) =>
        TearOffs(pointerSize).FirstOrDefault(t => SymbolPattern.Matches(t.Type + "::`vftable'", symbol));

    public override string ToString() => Id;
}
