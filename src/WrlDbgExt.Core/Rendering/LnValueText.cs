using System.Globalization;
using WrlDbgExt.Core.Rendering.TypeDump;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Rendering;

/// <summary>
/// What the engine's <c>ln</c> prints after <c>name = </c> for a data symbol (observed, docs/pdb-format.md §17), read
/// from the target: pointers (<c>0x00000001`40012004</c>; to characters with the string), integers (<c>0n34</c>,
/// <c>5</c>, <c>0xabcdef</c>, eight-byte values as <c>0x00001234`56789abc</c>), characters (<c>0n81 'Q'</c>,
/// <c>0xc8 ''</c>), <c>true</c>, floating point, enums (<c>B (0n-56)</c>, <c>0n7 (No matching enumerant)</c>),
/// character arrays (<c>char [8] "gallery"</c>); anything else by its type's C name. <c>&lt;Memory access error&gt;</c>
/// where the dump lacks the bytes.
/// </summary>
public static class LnValueText
{
    private const string NotRead = "<Memory access error>";
    private const int MaxString = 256;

    public static string Of(ITargetMemory target, DeclaredSymbol symbol)
    {
        string typeName = symbol.TypeName ?? "";
        switch (symbol.Type)
        {
            case PointerType p:
                if (!target.TryReadPointer(symbol.Address, out ulong pointer)) return NotRead;
                string value = Hex.Pointer(pointer, target.PointerSize);
                if (CharacterSize(p.Pointee) is not { } size) return value;
                return pointer == 0 ? value + " \"\"" : value + " " + EngineValueText.Quoted(target, pointer, size, MaxString);
            case BasicType b:
                return target.ReadUnsigned(symbol.Address, (int)b.Size) is { } raw ? Basic(b, raw) : NotRead;
            case EnumType e:
                if (target.ReadUnsigned(symbol.Address, (int)e.Size) is not { } stored) return NotRead;
                long signedValue = EngineValueText.SignExtend(stored, (int)e.Size);
                var match = e.Constants.FirstOrDefault(c => EngineValueText.Mask(c.Value, e.Size) == stored);
                return match is null ? $"{Hex.Signed(signedValue)} (No matching enumerant)" : $"{match.Name} ({Hex.Signed(signedValue)})";
            case ArrayType a when a.Element is not ArrayType && CharacterSize(a.Element) is { } charSize:
                return typeName + " " + EngineValueText.Quoted(target, symbol.Address, charSize, (int)Math.Min(a.Count, MaxString));
            default:
                return typeName;
        }
    }

    private static string Basic(BasicType b, ulong raw) => b.Kind switch
    {
        BasicKind.Char => $"{Hex.Signed(EngineValueText.SignExtend(raw, 1))} '{EngineValueText.Printable(raw)}'",
        BasicKind.UChar => $"{EngineValueText.UChar(raw)} '{EngineValueText.Printable(raw)}'",
        BasicKind.SignedInteger => Hex.Signed(EngineValueText.SignExtend(raw, (int)b.Size)),
        BasicKind.UnsignedInteger when b.Size == 8 => Hex.Pointer(raw, 8),
        BasicKind.Bool => raw == 0 ? "false" : "true",
        BasicKind.Float => (b.Size == 4 ? BitConverter.Int32BitsToSingle((int)(uint)raw) : BitConverter.Int64BitsToDouble((long)raw)).ToString(CultureInfo.InvariantCulture),
        _ => Hex.Unsigned(raw),
    };

    private static int? CharacterSize(DebugType type) => type switch
    {
        BasicType { Kind: BasicKind.Char or BasicKind.UChar } => 1,
        BasicType { Kind: BasicKind.WideChar or BasicKind.Char16 } => 2,
        _ => null,
    };
}
