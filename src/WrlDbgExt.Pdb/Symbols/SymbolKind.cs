namespace WrlDbgExt.Pdb.Symbols;

/// <summary>CodeView symbol record kinds this reader decodes (cvinfo.h SYM_ENUM_e; docs/pdb-format.md §5).</summary>
public enum SymbolKind : ushort
{
    End = 0x0006,
    Thunk = 0x1102,          // S_THUNK32
    Block = 0x1103,          // S_BLOCK32
    With = 0x1104,           // S_WITH32
    SeparatedCode = 0x1132,  // S_SEPCODE
    Local = 0x113E,          // S_LOCAL
    InlineSite = 0x114D,     // S_INLINESITE
    InlineSiteEnd = 0x114E,  // S_INLINESITE_END
    ProcedureIdEnd = 0x114F, // S_PROC_ID_END
    InlineSite2 = 0x115D,    // S_INLINESITE2
    Constant = 0x1107,
    Udt = 0x1108,
    LocalData = 0x110C,      // S_LDATA32
    GlobalData = 0x110D,     // S_GDATA32
    Public = 0x110E,         // S_PUB32
    LocalProcedure = 0x110F, // S_LPROC32
    GlobalProcedure = 0x1110, // S_GPROC32
    ProcedureReference = 0x1125,      // S_PROCREF
    DataReference = 0x1126,           // S_DATAREF
    LocalProcedureReference = 0x1127, // S_LPROCREF
    LocalProcedureId = 0x1146,  // S_LPROC32_ID
    GlobalProcedureId = 0x1147, // S_GPROC32_ID
}
