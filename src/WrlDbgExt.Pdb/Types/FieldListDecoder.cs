using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Types;

/// <summary>
/// Decodes the sub-records of one LF_FIELDLIST payload. They carry no length, so an unknown kind stops the
/// decoding with a <see cref="PdbFormatException"/> (docs/pdb-format.md §6.3).
/// </summary>
internal static class FieldListDecoder
{
    /// <summary>Adds the records to <paramref name="into"/>; returns the LF_INDEX continuation, or 0.</summary>
    /// <param name="bitfield">Looks up an LF_BITFIELD member type (null when the type is not one).</param>
    public static uint Decode(uint index, ReadOnlySpan<byte> payload, FieldListBuilder into, Func<uint, BitfieldType?> bitfield)
    {
        var r = new SpanReader(payload, $"field list 0x{index:X}");
        uint continuation = 0;
        while (!r.AtEnd)
        {
            // LF_PAD1..15 (0xF1..0xFF) pad a sub-record to 4 bytes; the low nibble counts the padding bytes.
            byte b = r.PeekU8();
            if (b >= 0xF0)
            {
                r.Skip(Math.Max(1, Math.Min(b & 0x0F, r.Remaining)));
                continue;
            }
            var leaf = (TypeLeaf)r.U16();
            switch (leaf)
            {
                case TypeLeaf.BaseClass or TypeLeaf.BaseInterface:
                {
                    var access = Access(r.U16());
                    uint type = r.U32();
                    long offset = NumericLeafReader.Read(ref r).AsInt64;
                    into.Add(into.BaseClasses, new BaseClass(type, offset, access, false, false, 0, 0, 0));
                    break;
                }
                case TypeLeaf.VirtualBaseClass or TypeLeaf.IndirectVirtualBaseClass:
                {
                    var access = Access(r.U16());
                    uint type = r.U32();
                    uint vbptrType = r.U32();
                    long vbptrOffset = NumericLeafReader.Read(ref r).AsInt64;
                    long vbIndex = NumericLeafReader.Read(ref r).AsInt64;
                    into.Add(into.BaseClasses, new BaseClass(type, 0, access, true, leaf == TypeLeaf.IndirectVirtualBaseClass,
                        vbptrType, vbptrOffset, vbIndex));
                    break;
                }
                case TypeLeaf.Index:
                    r.U16();
                    continuation = r.U32();
                    break;
                case TypeLeaf.VirtualFunctionTable:
                    r.U16();
                    into.Add(into.VtablePointers, new VtablePointer(r.U32(), 0));
                    break;
                case TypeLeaf.VirtualFunctionOffset:
                {
                    r.U16();
                    uint type = r.U32();
                    into.Add(into.VtablePointers, new VtablePointer(type, r.I32()));
                    break;
                }
                case TypeLeaf.FriendClass:
                    r.U16();
                    r.U32();
                    break;
                case TypeLeaf.FriendFunction:
                    r.U16();
                    r.U32();
                    r.CString();
                    break;
                case TypeLeaf.Enumerate:
                {
                    var access = Access(r.U16());
                    var value = NumericLeafReader.Read(ref r);
                    into.Add(into.Enumerators, new Enumerator(r.CString(), value, access));
                    break;
                }
                case TypeLeaf.Member:
                {
                    var access = Access(r.U16());
                    uint type = r.U32();
                    long offset = NumericLeafReader.Read(ref r).AsInt64;
                    string name = r.CString();
                    var bits = bitfield(type);
                    into.Add(into.Members, new DataMember(name, type, offset, access, bits?.Position, bits?.Width));
                    break;
                }
                case TypeLeaf.StaticMember:
                {
                    var access = Access(r.U16());
                    uint type = r.U32();
                    into.Add(into.StaticMembers, new StaticMember(r.CString(), type, access));
                    break;
                }
                case TypeLeaf.Method:
                {
                    ushort count = r.U16();
                    uint list = r.U32();
                    into.Add(into.Methods, new Method(r.CString(), 0, FieldAccess.None, 0, null, count, list));
                    break;
                }
                case TypeLeaf.NestedType or TypeLeaf.NestedTypeEx:
                {
                    r.U16();
                    uint type = r.U32();
                    into.Add(into.NestedTypes, new NestedType(r.CString(), type));
                    break;
                }
                case TypeLeaf.OneMethod:
                {
                    ushort attrs = r.U16();
                    uint type = r.U32();
                    byte property = (byte)((attrs >> 2) & 7);
                    // Introducing (4) and pure introducing (6) virtual methods carry their vftable offset.
                    int? vftableOffset = property is 4 or 6 ? r.I32() : null;
                    into.Add(into.Methods, new Method(r.CString(), type, Access(attrs), property, vftableOffset, 1, 0));
                    break;
                }
                default:
                    throw new PdbFormatException($"field list 0x{index:X}: sub-record 0x{(ushort)leaf:X4} at offset {r.Position - 2} is not one this reader knows");
            }
        }
        return continuation;
    }

    private static FieldAccess Access(ushort attrs) => (FieldAccess)(attrs & 3);
}
