namespace WrlDbgExt.Core.Types;

public enum UdtKind
{
    Class,
    Struct,
    Union,
    Interface,
}

/// <summary>
/// A class, struct or union: its name as the PDB spells it, size and entries in the order the PDB lists them
/// (base classes, the vfptr, data members, static members), which is the order <c>dt</c> prints them in.
/// </summary>
public sealed class UdtType(string name, UdtKind kind, ulong size, Func<IReadOnlyList<UdtEntry>> entries) : DebugType
{
    private readonly Lazy<IReadOnlyList<UdtEntry>> _entries = new(entries);

    public string Name { get; } = name;

    public UdtKind Kind { get; } = kind;

    public override ulong Size { get; } = size;

    public IReadOnlyList<UdtEntry> Entries => _entries.Value;
}
