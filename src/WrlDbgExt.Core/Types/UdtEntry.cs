namespace WrlDbgExt.Core.Types;

/// <summary>One entry of a class's field list that <c>dt</c> prints or walks into.</summary>
public abstract record UdtEntry;

/// <summary>A direct (non-virtual) base class at <paramref name="Offset"/>.</summary>
public sealed record BaseClassEntry(UdtType Base, long Offset) : UdtEntry;

/// <summary>
/// A virtual base: its place is read at run time from the vbtable that the vbptr at <paramref name="VbptrOffset"/>
/// points to, slot <paramref name="VbtableIndex"/> (an offset from the vbptr).
/// </summary>
public sealed record VirtualBaseEntry(UdtType Base, long VbptrOffset, long VbtableIndex) : UdtEntry;

/// <summary>
/// The class's own vfptr (<c>__VFN_table</c>), at <paramref name="Offset"/> (0 for compilers we know);
/// <paramref name="SlotCount"/> entries as its vtable shape declares them (what <c>dt -v</c> lists).
/// </summary>
public sealed record VfTableEntry(long Offset, int SlotCount = 0) : UdtEntry;

/// <summary>A bitfield's place inside its storage unit.</summary>
public sealed record Bitfield(int Position, int Width);

/// <summary>A data member at <paramref name="Offset"/>; <paramref name="Bits"/> for a bitfield.</summary>
public sealed record DataMemberEntry(string Name, DebugType Type, long Offset, Bitfield? Bits = null) : UdtEntry;

/// <summary>A static data member; <paramref name="Address"/> where the program defines it (a global symbol), else null.</summary>
public sealed record StaticMemberEntry(string Name, DebugType Type, ulong? Address) : UdtEntry;
