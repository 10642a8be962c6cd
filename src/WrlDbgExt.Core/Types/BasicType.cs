namespace WrlDbgExt.Core.Types;

/// <summary>What a built-in type is, as far as printing it goes.</summary>
public enum BasicKind
{
    Void,

    /// <summary><c>char</c> and <c>signed char</c> (the engine prints both as <c>Char</c>).</summary>
    Char,
    UChar,
    SignedInteger,
    UnsignedInteger,
    Bool,

    /// <summary><c>wchar_t</c>.</summary>
    WideChar,
    Char16,
    Char32,
    Float,

    /// <summary>Anything else (<c>__int128</c>, <c>HRESULT</c> as its own kind): printed by its C name.</summary>
    Other,
}

/// <summary>A built-in type: its kind, size and C spelling (<c>unsigned long</c>), which function signatures use.</summary>
public sealed class BasicType(BasicKind kind, int size, string cName) : DebugType
{
    public BasicKind Kind { get; } = kind;

    public override ulong Size { get; } = (ulong)size;

    public string CName { get; } = cName;

    public bool IsSigned => Kind is BasicKind.SignedInteger or BasicKind.Char;
}
