using WrlDbgExt.Pdb.Types;

namespace WrlDbgExt.Pdb.Names;

/// <summary>
/// A type's name as the engine prints it in <c>ln</c> / <c>x</c> (docs/pdb-format.md §17): a tag keyword before
/// classes, structs and unions (<c>struct GUID *</c>) but not enums, <c>const</c> / <c>volatile</c> dropped, references
/// printed as pointers, a space before the first <c>*</c> or <c>[</c> only (<c>void **</c>, <c>void *[64]</c>,
/// <c>void *(*)[1]</c>, <c>unsigned char [7][256]</c>), <c>int64</c> for <c>__int64</c>, <c>&lt;function&gt;</c> for
/// function types.
/// </summary>
public static class CTypeName
{
    public static string Of(TypeTable types, uint index) => Compose(types, index, "", 0);

    private static string Compose(TypeTable types, uint index, string declarator, int depth)
    {
        if (depth > TypeTable.MaxDepth)
            throw new PdbFormatException($"type 0x{index:X}: type references nest deeper than {TypeTable.MaxDepth} (a cycle?)");
        switch (types.Resolve(index))
        {
            case SimpleType { Mode: not 0 } pointer:
                return Compose(types, pointer.Kind, "*" + declarator, depth + 1);
            case SimpleType simple:
                return Join(Simple(simple), declarator);
            case PointerType pointer:
                return Compose(types, pointer.Referent, "*" + declarator, depth + 1);
            case ModifierType modifier:
                return Compose(types, modifier.Modified, declarator, depth + 1);
            case ArrayType array:
            {
                ulong element = types.SizeOf(array.ElementType);
                string inner = declarator.StartsWith('*') ? $"({declarator})" : declarator;
                return Compose(types, array.ElementType, $"{inner}[{(element == 0 ? 0 : array.Size / element)}]", depth + 1);
            }
            case UdtType udt:
                return Join((udt.Kind == UdtKind.Class ? "class " : udt.Kind == UdtKind.Union ? "union " : "struct ") + udt.Name, declarator);
            case EnumType e:
                return Join(e.Name, declarator);
            case ProcedureType:
                return Join("<function>", declarator);
            case BitfieldType bitfield:
                return Compose(types, bitfield.Underlying, declarator, depth + 1);
            case var other:
                return Join($"<type 0x{other.Index:X}>", declarator);
        }
    }

    private static string Join(string name, string declarator) => declarator.Length == 0 ? name : name + " " + declarator;

    private static string Simple(SimpleType type) => type.Kind switch
    {
        0x03 => "void", 0x08 => "HRESULT",
        0x10 or 0x68 or 0x70 => "char", 0x20 or 0x69 => "unsigned char", 0x71 => "wchar_t",
        0x11 or 0x72 => "short", 0x21 or 0x73 => "unsigned short",
        0x12 => "long", 0x22 => "unsigned long", 0x74 => "int", 0x75 => "unsigned int",
        0x13 or 0x76 => "int64", 0x23 or 0x77 => "unsigned int64",
        0x30 => "bool", 0x40 => "float", 0x41 => "double",
        _ => type.Name,
    };
}
