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

    /// <summary>IWeakReference holders a weak count stands for in a state; null when it cannot be told.</summary>
    public abstract int? WeakHolders(WeakReferenceState state, int weak);

    public string FieldName(FieldRole role) => Roles[role];

    public TypeLayout? BuiltInLayout(TargetArchitecture architecture) =>
        BuiltInLayouts.FirstOrDefault(l => l.Family == architecture.LayoutFamily());

    /// <summary>The sentinel meaning of <paramref name="value"/> in the field of <paramref name="role"/>, if any.</summary>
    public SentinelMeaning? SentinelOf(FieldRole role, int value) =>
        Sentinels.FirstOrDefault(s => s.Role == role && s.Value == value)?.Meaning;

    /// <summary>Whether a symbol (<c>module!Type::`vftable'</c>, maybe with <c>+0xN</c>) is this flavour's block vftable.</summary>
    public bool IsOwnVfTable(string symbol)
    {
        int bang = symbol.IndexOf('!');
        string name = bang < 0 ? symbol : symbol[(bang + 1)..];
        return VfTableSymbols.Any(v => string.Equals(name, v, StringComparison.Ordinal));
    }

    public override string ToString() => Id;
}
