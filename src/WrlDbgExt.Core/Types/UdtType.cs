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
/// (base classes, the vfptr, data members, static members, methods, nested types), which is the order <c>dt</c>
/// prints them in. <paramref name="elementCount"/> is the count the type record declares (<c>dt -v</c>'s "N elements").
/// </summary>
public sealed class UdtType(string name, UdtKind kind, ulong size, Func<IReadOnlyList<UdtEntry>> entries, int elementCount = 0) : DebugType
{
    private readonly Lazy<IReadOnlyList<UdtEntry>> _entries = new(entries);

    public string Name { get; } = name;

    public UdtKind Kind { get; } = kind;

    public override ulong Size { get; } = size;

    public IReadOnlyList<UdtEntry> Entries => _entries.Value;

    public int ElementCount { get; } = elementCount;
}
