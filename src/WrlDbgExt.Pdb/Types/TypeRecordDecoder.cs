using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Types;

/// <summary>Turns one TPI record (leaf + payload) into a <see cref="PdbType"/> (layouts in docs/pdb-format.md §6.2).</summary>
public static class TypeRecordDecoder
{
    public static PdbType Decode(uint index, ushort leaf, ReadOnlySpan<byte> payload)
    {
        var r = new SpanReader(payload, $"type 0x{index:X}");
        switch ((TypeLeaf)leaf)
        {
            case TypeLeaf.Modifier:
            {
                uint modified = r.U32();
                ushort mods = r.U16();
                return new ModifierType(index, modified, (mods & 1) != 0, (mods & 2) != 0, (mods & 4) != 0);
            }
            case TypeLeaf.Pointer:
            {
                uint referent = r.U32();
                uint attrs = r.U32();
                var mode = (PointerMode)((attrs >> 5) & 7);
                uint containing = mode is PointerMode.PointerToDataMember or PointerMode.PointerToMemberFunction ? r.U32() : 0;
                return new PointerType(index, referent, mode, (byte)(attrs & 0x1F), (attrs >> 13) & 0x3F,
                    (attrs & 0x400) != 0, (attrs & 0x200) != 0, (attrs & 0x800) != 0, (attrs & 0x1000) != 0, containing);
            }
            case TypeLeaf.Array:
            {
                uint element = r.U32();
                uint indexType = r.U32();
                ulong size = NumericLeafReader.ReadUnsigned(ref r);
                return new ArrayType(index, element, indexType, size, r.CString());
            }
            case TypeLeaf.Bitfield:
            {
                uint underlying = r.U32();
                byte width = r.U8();
                byte position = r.U8();
                return new BitfieldType(index, underlying, position, width);
            }
            case TypeLeaf.Class or TypeLeaf.Structure or TypeLeaf.Interface:
            {
                ushort count = r.U16();
                var props = (TypeProperties)r.U16();
                uint fields = r.U32();
                uint derived = r.U32();
                uint vshape = r.U32();
                ulong size = NumericLeafReader.ReadUnsigned(ref r);
                var (name, unique) = Names(ref r, props);
                var kind = (TypeLeaf)leaf switch { TypeLeaf.Class => UdtKind.Class, TypeLeaf.Structure => UdtKind.Structure, _ => UdtKind.Interface };
                return new UdtType(index, kind, name, unique, size, props, count, fields, derived, vshape);
            }
            case TypeLeaf.Union:
            {
                ushort count = r.U16();
                var props = (TypeProperties)r.U16();
                uint fields = r.U32();
                ulong size = NumericLeafReader.ReadUnsigned(ref r);
                var (name, unique) = Names(ref r, props);
                return new UdtType(index, UdtKind.Union, name, unique, size, props, count, fields, 0, 0);
            }
            case TypeLeaf.Enum:
            {
                ushort count = r.U16();
                var props = (TypeProperties)r.U16();
                uint underlying = r.U32();
                uint fields = r.U32();
                var (name, unique) = Names(ref r, props);
                return new EnumType(index, name, unique, underlying, props, count, fields);
            }
            case TypeLeaf.Procedure:
            {
                uint returnType = r.U32();
                byte callingConvention = r.U8();
                r.U8(); // function attributes
                ushort parameters = r.U16();
                return new ProcedureType(index, returnType, 0, 0, callingConvention, parameters, r.U32());
            }
            case TypeLeaf.MemberFunction:
            {
                uint returnType = r.U32();
                uint classType = r.U32();
                uint thisType = r.U32();
                byte callingConvention = r.U8();
                r.U8();
                ushort parameters = r.U16();
                return new ProcedureType(index, returnType, classType, thisType, callingConvention, parameters, r.U32());
            }
            case TypeLeaf.ArgList:
            {
                uint count = r.U32();
                // Each argument is 4 bytes: a count beyond the record is a damaged record, not a huge allocation.
                if (count > (uint)(payload.Length / 4))
                    throw new PdbFormatException($"type 0x{index:X}: LF_ARGLIST says {count} arguments in {payload.Length} bytes");
                var arguments = new uint[count];
                for (int i = 0; i < arguments.Length; i++) arguments[i] = r.U32();
                return new ArgumentListType(index, arguments);
            }
            default:
                return new OtherType(index, leaf);
        }
    }

    private static (string Name, string? Unique) Names(ref SpanReader r, TypeProperties props)
    {
        string name = r.CString();
        string? unique = (props & TypeProperties.HasUniqueName) != 0 && !r.AtEnd ? r.CString() : null;
        return (name, unique);
    }
}
