namespace WrlDbgExt.Core.Rendering.TypeDump;

public enum DtRowKind
{
    /// <summary><c>+0x010 name : text</c> (a data member, a vfptr, a bitfield).</summary>
    Field,

    /// <summary><c>=00000001`40012000 name : text</c>: a static member the program defines.</summary>
    StaticField,

    /// <summary><c>Name = 0n5</c>: an enumeration's constant (the type form of an enum).</summary>
    Enumerator,

    /// <summary><c>[00] text</c>: an array element (<c>-b</c>).</summary>
    Element,

    /// <summary>A line of its own, unindented (an enum's value form; -v's first line).</summary>
    Plain,

    /// <summary>Text the next row continues on the same line (<c>dt module!array</c>'s <c>[2] </c>).</summary>
    Prefix,

    /// <summary>-v: <c>+0x010 __BaseClass struct X, 2 elements, 0x8 bytes</c>.</summary>
    BaseClass,

    /// <summary>-v: <c>&lt;function&gt; Name     signature</c>.</summary>
    Method,

    /// <summary>-v: <c>Name struct X, 3 elements, 0x38 bytes</c>: a type the class declares under a name.</summary>
    NestedType,
}

/// <summary>
/// One line of <c>dt</c> output with what it says: level (indentation), where (offset from the object, or a static's
/// address), the member's name, the engine's text after the colon, and in the value form the member's address and
/// whether its bytes were in the target.
/// </summary>
public sealed record DtRow(
    DtRowKind Kind,
    int Level,
    string Name,
    string Text,
    long Offset = 0,
    ulong? Address = null,
    string? TypeName = null,
    bool? Readable = null);

/// <summary>What <c>dt</c> printed: its rows and, in the value form, the address of the last member it could not read.</summary>
public sealed record DtResult(IReadOnlyList<DtRow> Rows, ulong? LastUnreadable, int PointerSize);
