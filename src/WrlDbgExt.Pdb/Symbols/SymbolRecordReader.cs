using WrlDbgExt.Pdb.Msf;

namespace WrlDbgExt.Pdb.Symbols;

/// <summary>
/// Decodes the symbol records used for names and addresses: `u16 length, u16 kind, payload` (length excludes
/// itself). Kinds without an address come back as null.
/// </summary>
public static class SymbolRecordReader
{
    /// <summary>Reads the record at <paramref name="offset"/>: its kind, its total size and the decoded symbol or null.</summary>
    public static (SymbolKind Kind, int Size, PdbSymbol? Symbol) Read(ReadOnlySpan<byte> data, int offset, int moduleIndex,
        Func<ushort, uint, uint?> toRva, string what)
    {
        var header = new SpanReader(data, what) { Position = offset };
        ushort length = header.U16();
        if (length < 2) throw new PdbFormatException($"{what}: symbol record at offset {offset} has length {length}");
        var record = new SpanReader(header.Take(length), what);
        var kind = (SymbolKind)record.U16();
        return (kind, length + 2, Decode(kind, ref record, moduleIndex, toRva));
    }

    private static PdbSymbol? Decode(SymbolKind kind, ref SpanReader r, int moduleIndex, Func<ushort, uint, uint?> toRva)
    {
        switch (kind)
        {
            case SymbolKind.Public:
            {
                uint flags = r.U32();
                uint offset = r.U32();
                ushort segment = r.U16();
                return new PdbSymbol(r.CString(), kind, segment, offset, toRva(segment, offset), 0, 0, -1, flags);
            }
            case SymbolKind.GlobalData or SymbolKind.LocalData:
            {
                uint type = r.U32();
                uint offset = r.U32();
                ushort segment = r.U16();
                return new PdbSymbol(r.CString(), kind, segment, offset, toRva(segment, offset), 0, type, moduleIndex);
            }
            case SymbolKind.GlobalProcedure or SymbolKind.LocalProcedure
                or SymbolKind.GlobalProcedureId or SymbolKind.LocalProcedureId:
            {
                r.Skip(12); // parent, end, next
                uint codeSize = r.U32();
                r.Skip(8); // debug start, debug end
                uint type = r.U32();
                uint offset = r.U32();
                ushort segment = r.U16();
                r.U8(); // flags
                return new PdbSymbol(r.CString(), kind, segment, offset, toRva(segment, offset), codeSize, type, moduleIndex);
            }
            default:
                return null;
        }
    }

    /// <summary>An S_LOCAL that is a parameter (flags bit 0, cvinfo.h CV_LVARFLAGS fIsParam), or null.</summary>
    public static ProcedureParameter? ReadParameter(ReadOnlySpan<byte> data, int offset, string what)
    {
        var header = new SpanReader(data, what) { Position = offset };
        ushort length = header.U16();
        var r = new SpanReader(header.Take(length), what);
        if ((SymbolKind)r.U16() != SymbolKind.Local) return null;
        uint type = r.U32();
        ushort flags = r.U16();
        return (flags & 1) != 0 ? new ProcedureParameter(r.CString(), type) : null;
    }

    /// <summary>The target of an S_PROCREF / S_LPROCREF / S_DATAREF: 0-based module and offset in its stream.</summary>
    public static (int ModuleIndex, uint SymbolOffset, string Name)? ReadReference(ReadOnlySpan<byte> data, int offset, string what)
    {
        var header = new SpanReader(data, what) { Position = offset };
        ushort length = header.U16();
        var r = new SpanReader(header.Take(length), what);
        var kind = (SymbolKind)r.U16();
        if (kind is not (SymbolKind.ProcedureReference or SymbolKind.LocalProcedureReference or SymbolKind.DataReference)) return null;
        r.U32(); // SUC of the name
        uint symbolOffset = r.U32();
        ushort module = r.U16();
        return (module - 1, symbolOffset, r.CString());
    }

    /// <summary>The name of an S_UDT record (after its type index).</summary>
    public static string ReadUdtName(ReadOnlySpan<byte> data, int offset, string what)
    {
        var header = new SpanReader(data, what) { Position = offset };
        ushort length = header.U16();
        var r = new SpanReader(header.Take(length), what);
        r.U16(); // S_UDT
        r.U32(); // type
        return r.CString();
    }
}
