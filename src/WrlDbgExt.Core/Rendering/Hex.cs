namespace WrlDbgExt.Core.Rendering;

/// <summary>Numbers the way the debugger engine prints them.</summary>
public static class Hex
{
    /// <summary><c>0x00000000`00242b40</c> on 64-bit targets, <c>0x00242b40</c> on 32-bit ones.</summary>
    public static string Pointer(ulong value, int pointerSize) => pointerSize == 8
        ? $"0x{value >> 32:x8}`{value & 0xFFFF_FFFF:x8}"
        : $"0x{(uint)value:x8}";

    /// <summary>A raw pointer-sized word without the backtick: <c>0x8000012ef8c676c0</c>.</summary>
    public static string Raw(ulong value, int pointerSize) => pointerSize == 8 ? $"0x{value:x16}" : $"0x{(uint)value:x8}";

    /// <summary>Unsigned integers as <c>dt</c> prints them: 0–9 bare, otherwise <c>0x</c> + lower-case hex.</summary>
    public static string Unsigned(ulong value) => value < 10 ? value.ToString() : $"0x{value:x}";

    /// <summary>Signed integers as <c>dt</c> prints them: <c>0n</c> + decimal.</summary>
    public static string Signed(long value) => "0n" + value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>JSON form of an address: a hex string, because 64-bit values exceed JSON's exact integers.</summary>
    public static string Json(ulong value) => $"0x{value:x}";
}
