using System.Text;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Core.Types;

namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// Walks a type as the engine's <c>dt</c> does (docs/debugger-engine.md §10, docs/pdb-format.md §8 and §18) and
/// produces its rows: a class's entries in field-list order, base classes flattened in place at their offsets,
/// a <c>__VFN_table</c> row for each vfptr a base introduces, static members the program defines as
/// <c>=address</c> rows; virtual bases only in the value form (their place is read from the vbtable); with -v also
/// base-class, method and nested-type rows and vtable slots. With an address the rows carry values read from the
/// target; nothing is ever written.
/// </summary>
public sealed class TypeDumper
{
    private const int MaxString = 256;

    private readonly ITargetMemory _target;
    private readonly DtOptions _options;
    private readonly int _ptr;
    private readonly List<DtRow> _rows = [];
    private ulong? _lastUnreadable;
    private bool _arrayTypeNamed;

    private TypeDumper(ITargetMemory target, DtOptions options)
    {
        _target = target;
        _options = options;
        _ptr = target.PointerSize;
    }

    /// <summary><c>dt Type</c>.</summary>
    public static DtResult TypeForm(ITargetMemory target, DebugType type, DtOptions options)
    {
        var dumper = new TypeDumper(target, options);
        dumper.Contents(type, 0, null);
        return new DtResult(dumper._rows, null, dumper._ptr);
    }

    /// <summary><c>dt Type Address</c>.</summary>
    public static DtResult ValueForm(ITargetMemory target, DebugType type, ulong address, DtOptions options)
    {
        var dumper = new TypeDumper(target, options);
        dumper.Contents(type, 0, address);
        return new DtResult(dumper._rows, dumper.ClosingAddress, dumper._ptr);
    }

    /// <summary>
    /// <c>dt module!global</c>: the global's own type at its address, in the engine's forms (docs/pdb-format.md §18):
    /// a class's members; a pointer to a class, its value and the target's members; an array of classes, <c>[N] </c>
    /// and the first element's members on the same line; anything else its value text alone.
    /// </summary>
    public static DtResult GlobalForm(ITargetMemory target, DebugType type, ulong address, DtOptions options)
    {
        var dumper = new TypeDumper(target, options);
        switch (type)
        {
            case UdtType:
                dumper.Contents(type, 0, address);
                break;
            case PointerType { Pointee: UdtType pointee } when dumper.ReadPointer(address) is { } pointer and not 0:
                dumper._rows.Add(new DtRow(DtRowKind.Plain, 0, "", Hex.Pointer(pointer, dumper._ptr) + " ", 0, address));
                dumper.Contents(pointee, 0, pointer);
                break;
            case ArrayType { Element: UdtType element } array:
                dumper._rows.Add(new DtRow(DtRowKind.Prefix, 0, "", $"[{array.Count}] ", 0, address));
                dumper.Contents(element, 0, address);
                break;
            case PointerType pointer when dumper.ReadPointer(address) is { } value and not 0:
                dumper.GlobalPointer(pointer, address, value);
                break;
            default:
                dumper.Member("", type, null, 0, 0, address, DtRowKind.Plain, null, 0);
                break;
        }
        return new DtResult(dumper._rows, dumper.ClosingAddress, dumper._ptr);
    }

    /// <summary>
    /// A global pointer to something other than a class (observed): a string stays on the pointer's line and an empty
    /// line follows; otherwise the pointer and a space, then on the next line what it points to: <c> -> 0n4660</c>, or
    /// a function's <c> bool  module!symbol+0(</c> and its parameters as -v prints them.
    /// </summary>
    private void GlobalPointer(PointerType pointer, ulong address, ulong value)
    {
        string shown = Hex.Pointer(value, _ptr) + " ";
        switch (pointer.Pointee)
        {
            case var pointee when IsCharacter(pointee, out _):
                _rows.Add(new DtRow(DtRowKind.Plain, 0, "", PointerText(pointer, value, 0), 0, address));
                _rows.Add(new DtRow(DtRowKind.Plain, 0, "", "", 0, address));
                break;
            case FunctionType f:
                _rows.Add(new DtRow(DtRowKind.Plain, 0, "", shown, 0, address));
                _rows.Add(new DtRow(DtRowKind.Plain, 0, "", $" {f.ReturnTypeName}  {FunctionSymbol(value)}{EngineVerboseText.Parameters(f.Parameters).TrimStart()}", 0, address));
                break;
            default:
                _rows.Add(new DtRow(DtRowKind.Plain, 0, "", shown, 0, address));
                _rows.Add(new DtRow(DtRowKind.Plain, 0, "", " " + PointerTail(pointer, value, 0).TrimStart(), 0, address));
                break;
        }
    }

    /// <summary>What the engine prints for a type at a level: a class's entries, an enum's constants (type form).</summary>
    private void Contents(DebugType type, int level, ulong? at)
    {
        switch (type)
        {
            case UdtType udt:
                if (_options.Verbose) _rows.Add(new DtRow(DtRowKind.Plain, level, "", EngineVerboseText.Udt(udt)));
                Entries(udt, level, at, 0, 0, 0);
                break;
            case EnumType e when at is null:
                if (_options.Verbose && level == 0) _rows.Add(new DtRow(DtRowKind.Plain, level, "", EngineVerboseText.Enum(e)));
                foreach (var constant in e.Constants)
                    _rows.Add(new DtRow(DtRowKind.Enumerator, level, constant.Name, EngineTypeText.EnumConstant(constant.Value, e.Size)));
                break;
            case EnumType e when at is { } address:
                // An enum's value form is one unindented line: the value and its constant's name.
                var raw = ReadScalar(address, (int)e.Size);
                if (_options.Verbose) _rows.Add(new DtRow(DtRowKind.Plain, level, "", EngineVerboseText.Enum(e)));
                _rows.Add(new DtRow(DtRowKind.Plain, level, "", raw is { } v ? EngineValueText.Enum(e, v) : EngineValueText.Unreadable, 0, address, e.Name, raw is not null));
                break;
        }
    }

    // baseOffset: where the base class being flattened starts in the object printed at this level.
    // vfBias: added to __VFN_table rows only. Below the top level the engine places a nested class's vfptr row at the
    // offset of the base class that declares the member being expanded (observed, docs/pdb-format.md §18); member
    // rows stay relative to the nested class.
    private void Entries(UdtType udt, int level, ulong? at, long baseOffset, int nesting, long vfBias)
    {
        if (nesting > 64) return; // a base chain this deep is a cycle in damaged symbols
        foreach (var entry in udt.Entries)
        {
            switch (entry)
            {
                case BaseClassEntry b:
                    BaseClassRow(b.Base, level, level == 0 ? baseOffset + b.Offset : vfBias + baseOffset + b.Offset);
                    if (at is { } obj && b.Base.Size > 0) Touch(level, obj + (ulong)(baseOffset + b.Offset), b.Base.Size);
                    Entries(b.Base, level, at, baseOffset + b.Offset, nesting + 1, vfBias);
                    break;
                case VirtualBaseEntry v when at is { } objectAddress:
                    if (VirtualBaseOffset(objectAddress, baseOffset + v.VbptrOffset, v.VbtableIndex) is { } place)
                    {
                        BaseClassRow(v.Base, level, place);
                        Entries(v.Base, level, at, place, nesting + 1, vfBias);
                    }
                    break;
                case VfTableEntry vf:
                    VfTable(level, at, baseOffset + vf.Offset, vfBias, vf.SlotCount);
                    break;
                case MethodEntry method when _options.Verbose:
                    // The value form adds the address of the class being flattened (observed).
                    string where = at is { } self ? MethodAddress(self, baseOffset) : "";
                    _rows.Add(new DtRow(DtRowKind.Method, level, method.DisplayName, EngineVerboseText.Signature(method) + where, baseOffset));
                    break;
                case NestedTypeEntry nested when _options.Verbose:
                    NestedTypeRow(nested, level);
                    // -r expands a nested class as a member at the object's own address (observed).
                    if (level < _options.Depth && nested.Type is UdtType nestedClass) Entries(nestedClass, level + 1, at, 0, 0, vfBias);
                    break;
                case DataMemberEntry m:
                    Member(m.Name, m.Type, m.Bits, level, baseOffset + m.Offset, at is { } o ? o + (ulong)(baseOffset + m.Offset) : null,
                        DtRowKind.Field, null, vfBias + baseOffset);
                    break;
                case StaticMemberEntry { Address: { } address } s:
                    Member(s.Name, s.Type, null, level, 0, at is null ? null : address, DtRowKind.StaticField, address, vfBias + baseOffset);
                    break;
            }
        }
    }

    /// <summary>
    /// The text after a method in -v's value form, the address of the class being flattened: <c>+</c> and bare hex,
    /// above 32 bits both halves with a backtick (<c>+245090</c>, <c>+000001d0`4f5e0000</c>). An object inside a
    /// module's image counts from 0, so only its bases' offsets show (<c>+8</c>), and 0 shows nothing (observed).
    /// </summary>
    private string MethodAddress(ulong obj, long baseOffset)
    {
        ulong address = (_target.Modules()?.FindByAddress(obj) is null ? obj : 0) + (ulong)baseOffset;
        if (address == 0) return "";
        // 32-bit targets' addresses sign-extended, as the engine holds them (observed: +ffffffff`cdcdcdcd).
        if (_ptr == 4) address = unchecked((ulong)(long)(int)(uint)address);
        return "+" + (address > 0xFFFF_FFFF ? $"{address >> 32:x8}`{address & 0xFFFF_FFFF:x8}" : $"{address:x}");
    }

    /// <summary>-v: <c>+0x010 __BaseClass struct X, 2 elements, 0x8 bytes</c> before a base class's members.</summary>
    private void BaseClassRow(UdtType type, int level, long offset)
    {
        if (_options.Verbose) _rows.Add(new DtRow(DtRowKind.BaseClass, level, "__BaseClass", EngineVerboseText.Udt(type), offset, null, type.Name));
    }

    /// <summary>
    /// -v: a nested type alias as <c>Name struct X, …</c>; a class defined in the class's scope on a line of its own,
    /// unindented, under its short name (observed: <c>struct &lt;unnamed-type-anonymousStruct&gt;, 2 elements, 0x8 bytes</c>).
    /// </summary>
    private void NestedTypeRow(NestedTypeEntry nested, int level)
    {
        if (nested.DefinedInside && nested.Type is UdtType inside)
            _rows.Add(new DtRow(DtRowKind.Plain, level, nested.Name, EngineVerboseText.Udt(inside, nested.Name)));
        else
            _rows.Add(new DtRow(DtRowKind.NestedType, level, nested.Name, EngineVerboseText.Of(nested.Type, _ptr, level)));
    }

    /// <summary>Where a virtual base is: the vbptr's place plus the vbtable's slot (an offset from the vbptr).</summary>
    private long? VirtualBaseOffset(ulong obj, long vbptrOffset, long slot)
    {
        if (!_target.TryReadPointer(obj + (ulong)vbptrOffset, out ulong vbtable)) return null;
        if (!_target.TryReadInt32(vbtable + (ulong)(slot * 4), out int displacement)) return null;
        return vbptrOffset + displacement;
    }

    private void VfTable(int level, ulong? at, long offset, long vfBias, int slots)
    {
        const string name = "__VFN_table";
        long shown = level == 0 ? offset : vfBias + offset;
        if (at is not { } obj)
        {
            // -b names no pointee, so -v -b gives no entry count either (observed).
            string type = _options.Blocks ? BlocksPointer()
                : _options.Verbose ? EngineTypeText.Pointer(_ptr) + " to " + EngineVerboseText.VfTable(slots)
                : EngineTypeText.Pointer(_ptr) + " ";
            _rows.Add(new DtRow(DtRowKind.Field, level, name, type, shown));
            return;
        }
        ulong address = obj + (ulong)offset;
        var value = ReadPointer(address);
        // An unreadable vfptr names itself in the closing line at the top level only (observed).
        if (level == 0) Record(level, address, value is not null);
        string text = value is { } v ? (v == 0 ? "(null)" : Hex.Pointer(v, _ptr)) + " " : EngineValueText.UnreadablePointer;
        bool entries = _options.Verbose && !_options.Blocks && value is not null and not 0;
        if (entries) text += EngineVerboseText.VfTable(slots);
        _rows.Add(new DtRow(DtRowKind.Field, level, name, text, shown, address, null, value is not null));
        if (entries) VfTableSlots(level, value!.Value, slots);
    }

    /// <summary>
    /// -v's value form: the vtable's slots below its row, <c>[00] module!symbol</c> (one space in); a slot that holds
    /// no symbol's address, or cannot be read, is left out (observed).
    /// </summary>
    private void VfTableSlots(int level, ulong table, int slots)
    {
        for (int i = 0; i < slots; i++)
        {
            ulong slot = table + (ulong)(i * _ptr);
            if (ReadPointer(slot) is { } function && SlotName(function) is { } name)
                _rows.Add(new DtRow(DtRowKind.Element, level, $"[{i:00}]", name, i * _ptr, slot));
        }
    }

    /// <summary>
    /// A vtable slot's function as <c>ln</c> names it (an adjustor thunk's public by its qualified name alone), the
    /// symbol at or before it without the displacement (observed).
    /// </summary>
    private string? SlotName(ulong function)
    {
        if (_target is INearestSymbols nearest)
            return nearest.Near(function) is { Displacement: not null } near ? near.Before.Name : null;
        return _target.Symbols() is { } symbols && symbols.TryGetName(function, out string symbol, out _) ? symbol : null;
    }

    private void Member(string name, DebugType type, Bitfield? bits, int level, long offset, ulong? address, DtRowKind kind, ulong? staticAddress, long vfBias)
    {
        if (address is not { } at)
        {
            TypeMember(name, type, bits, level, offset, kind, staticAddress, vfBias);
            return;
        }
        bool expand = level < _options.Depth;
        if (bits is not null)
        {
            var raw = ReadScalar(at, (int)type.Size);
            Record(level, at, raw is not null);
            string value = raw is { } r ? EngineValueText.Bitfield(r, bits) : EngineValueText.Unreadable;
            _rows.Add(new DtRow(kind, level, name, (_options.Verbose ? EngineVerboseText.BitfieldPrefix : "") + value, offset, at, null, raw is not null));
            return;
        }
        switch (type)
        {
            case UdtType udt:
                _rows.Add(new DtRow(kind, level, name, UdtText(udt), offset, at, udt.Name, true));
                if (expand || (_options.Blocks && kind != DtRowKind.StaticField)) Entries(udt, level + 1, at, 0, 0, vfBias);
                break;
            case ArrayType array:
                ArrayValue(name, array, level, offset, at, kind, expand, vfBias);
                break;
            default:
                _rows.Add(ScalarRow(name, type, level, offset, at, kind));
                if (expand && !_options.Blocks && type is PointerType { Pointee: UdtType pointee } pointer && ReadPointer(at) is { } target and not 0)
                {
                    if (pointer.IsReference) _throughReference++;
                    Entries(pointee, level + 1, target, 0, 0, vfBias);
                    if (pointer.IsReference) _throughReference--;
                }
                break;
        }
    }

    /// <summary>A member in the type form: its type text, then with -r (or -b) the members of its class or its enum's constants.</summary>
    private void TypeMember(string name, DebugType type, Bitfield? bits, int level, long offset, DtRowKind kind, ulong? staticAddress, long vfBias)
    {
        if (bits is not null)
        {
            _rows.Add(new DtRow(kind, level, name, (_options.Verbose ? EngineVerboseText.BitfieldPrefix : "") + EngineTypeText.Bitfield(bits), offset, staticAddress));
            return;
        }
        bool blocks = _options.Blocks && level < BlockDepth;
        if (kind == DtRowKind.StaticField && (StaticTypeFormText(type) is not null || _options.Blocks))
        {
            StaticTypeMember(name, type, level, staticAddress);
            return;
        }
        bool expand = level < _options.Depth || blocks;
        _rows.Add(new DtRow(kind, level, name, TypeText(type, level, expand), offset, staticAddress, EngineTypeText.Of(type, _ptr, level)));
        if (!expand) return;
        var inner = type switch
        {
            PointerType p when !blocks => p.Pointee,
            PointerType => null,
            ArrayType a => Innermost(a),
            _ => type,
        };
        if (inner is UdtType udt) Entries(udt, level + 1, null, 0, 0, vfBias);
        else if (inner is EnumType) Contents(inner, level + 1, null);
    }

    /// <summary>
    /// A static member in the type form, never expanded; a pointer shows <c>(null) </c>, an enum <c>??</c>, and with -b an
    /// array one <c>[NN] type</c> row per element (observed).
    /// </summary>
    private void StaticTypeMember(string name, DebugType type, int level, ulong? address)
    {
        string text = StaticTypeFormText(type) ?? (_options.Blocks && type is ArrayType a ? ElementCounts(a) : TypeName(type, level));
        _rows.Add(new DtRow(DtRowKind.StaticField, level, name, text, 0, address, EngineTypeText.Of(type, _ptr, level)));
        if (_options.Blocks && type is ArrayType array)
            for (ulong i = 0; i < array.Count; i++)
                _rows.Add(new DtRow(DtRowKind.Element, level, $"[{i:00}]", EngineTypeText.Of(array.Element, _ptr, level), (long)(i * array.Element.Size)));
    }

    /// <summary>How deep -b expands embedded members (the engine has no limit; cyclic types cannot embed themselves).</summary>
    private const int BlockDepth = 32;

    /// <summary>
    /// What the type form shows for a static member where it is not the type (observed): a pointer as <c>(null) </c>,
    /// an enum as <c>??</c>.
    /// </summary>
    private string? StaticTypeFormText(DebugType type) => type switch
    {
        PointerType => "(null) ",
        EnumType e => EnumPrefix(e) + EngineValueText.Unreadable,
        _ => null,
    };

    /// <summary>-v: a class's name with its element count and size.</summary>
    private string UdtText(UdtType udt) => _options.Verbose ? EngineVerboseText.Udt(udt) : udt.Name;

    /// <summary>-v: an enum's value follows its name and constant count, on the next line.</summary>
    private string EnumPrefix(EnumType e) => _options.Verbose ? EngineVerboseText.Enum(e) + "\n" : "";

    /// <summary>The type form's text; an expanded enum loses its name (its constants follow), -b drops pointees and array bounds.</summary>
    private string TypeText(DebugType type, int level, bool expand)
    {
        if (_options.Blocks)
        {
            switch (type)
            {
                case PointerType: return BlocksPointer();
                case ArrayType array:
                    var innermost = Innermost(array);
                    return ElementCounts(array) + innermost switch
                    {
                        EnumType e => _options.Verbose ? EngineVerboseText.Enum(e) : "",
                        PointerType => BlocksPointer(),
                        UdtType u => UdtText(u),
                        _ => EngineTypeText.Of(innermost, _ptr, level),
                    };
                case EnumType e: return _options.Verbose ? EngineVerboseText.Enum(e) : "";
            }
        }
        // An expanded enum's constants follow on their own rows: -v keeps its name line, without the line break.
        if (expand && type is EnumType expanded) return _options.Verbose ? EngineVerboseText.Enum(expanded) : "";
        if (expand && type is PointerType { Pointee: EnumType pointee })
            return EngineTypeText.Pointer(_ptr) + (_options.Verbose ? " to " + EngineVerboseText.Enum(pointee) : " ");
        return TypeName(type, level);
    }

    /// <summary>-b's pointer text, which names no pointee: <c>Ptr64 </c>, with -v <c>Ptr64 to </c>.</summary>
    private string BlocksPointer() => EngineTypeText.Pointer(_ptr) + (_options.Verbose ? " to " : " ");

    /// <summary>
    /// -b -v: the type form puts each dimension's count before the element's text (observed: <c>(2 elements)  (2
    /// elements)  </c>); the value form only the row's own, as each dimension has its rows.
    /// </summary>
    private string ElementCounts(ArrayType array, bool everyDimension = true)
    {
        if (!_options.Verbose) return "";
        if (!everyDimension) return $"({array.Count} elements)  ";
        var sb = new StringBuilder();
        for (DebugType t = array; t is ArrayType a; t = a.Element) sb.Append('(').Append(a.Count).Append(" elements)  ");
        return sb.ToString();
    }

    /// <summary>A type's name in the type column, with -v its verbose text.</summary>
    private string TypeName(DebugType type, int level) =>
        _options.Verbose ? EngineVerboseText.Of(type, _ptr, level) : EngineTypeText.Of(type, _ptr, level);

    private static DebugType Innermost(ArrayType array)
    {
        DebugType element = array.Element;
        while (element is ArrayType nested) element = nested.Element;
        return element;
    }

    private void ArrayValue(string name, ArrayType array, int level, long offset, ulong at, DtRowKind kind, bool expand, long vfBias)
    {
        var innermost = Innermost(array);
        string dimensions = "";
        for (DebugType t = array; t is ArrayType a; t = a.Element) dimensions += $"[{a.Count}] ";
        bool characters = IsCharacter(innermost, out int charSize);
        string body;
        if (characters && (!_options.Blocks || array.Element == innermost))
            body = " " + Quoted(at, charSize, (int)Math.Min(FirstRowLength(array), MaxString));
        else if (_options.Blocks)
            body = "";
        else if (innermost is UdtType udtElement)
            body = UdtText(udtElement);
        else
            body = ElementValue(innermost, at, level);
        bool readable = _target.TryReadExactly(at, new byte[Math.Min(Math.Max(array.Size, 1), 8)]);
        if (!readable && !characters) Record(level, at, false); else if (readable) Record(level, at, true);
        _rows.Add(new DtRow(kind, level, name, (_options.Blocks ? ElementCounts(array, everyDimension: false) : dimensions) + body, offset, at, EngineTypeText.Of(array, _ptr, level), readable));
        if (_options.Blocks)
        {
            _arrayTypeNamed = false;
            Elements(array, level, at, vfBias);
        }
        else if (expand && innermost is UdtType udt)
            Entries(udt, level + 1, at, 0, 0, vfBias);
    }

    /// <summary>Elements in the innermost dimension (a string in a char array stops at its row's end).</summary>
    private static ulong FirstRowLength(ArrayType array)
    {
        while (array.Element is ArrayType nested) array = nested;
        return array.Count;
    }

    /// <summary>-b: one <c>[NN]</c> row per element; a class element's members follow it; its type is named once, at the first leaf.</summary>
    private void Elements(ArrayType array, int level, ulong at, long vfBias)
    {
        for (ulong i = 0; i < array.Count; i++)
        {
            ulong address = at + i * array.Element.Size;
            string index = $"[{i:00}]";
            long offset = (long)(i * array.Element.Size);
            switch (array.Element)
            {
                case ArrayType nested:
                    string text = IsCharacter(nested.Element, out int charSize) ? " " + Quoted(address, charSize, (int)Math.Min(nested.Count, MaxString)) : "";
                    _rows.Add(new DtRow(DtRowKind.Element, level, index, ElementCounts(nested, everyDimension: false) + text, offset, address));
                    Elements(nested, level, address, vfBias);
                    break;
                case UdtType udt:
                    // -v names the type at every element (observed).
                    _rows.Add(new DtRow(DtRowKind.Element, level, index, _arrayTypeNamed && !_options.Verbose ? "" : UdtText(udt), offset, address));
                    _arrayTypeNamed = true;
                    Entries(udt, level + 1, address, 0, 0, vfBias);
                    break;
                default:
                    _rows.Add(new DtRow(DtRowKind.Element, level, index, ElementValue(array.Element, address, level), offset, address));
                    break;
            }
        }
    }

    private string ElementValue(DebugType element, ulong at, int level) => ScalarText(element, at, level)
        ?? (element is PointerType ? EngineValueText.UnreadablePointer : EngineValueText.Unreadable);

    private DtRow ScalarRow(string name, DebugType type, int level, long offset, ulong at, DtRowKind kind)
    {
        string? text = ScalarText(type, at, level);
        Record(level, at, text is not null);
        if (text is null)
        {
            text = type switch
            {
                PointerType => EngineValueText.UnreadablePointer,
                EnumType e => EnumPrefix(e) + EngineValueText.Unreadable,
                _ => EngineValueText.Unreadable,
            };
        }
        return new DtRow(kind, level, name, text, offset, at, EngineTypeText.Of(type, _ptr, level), !text.StartsWith("??", StringComparison.Ordinal));
    }

    /// <summary>A scalar's value text; null when its bytes are not in the target.</summary>
    private string? ScalarText(DebugType type, ulong at, int level)
    {
        switch (type)
        {
            case BasicType b:
                return ReadScalar(at, (int)b.Size) is { } raw ? EngineValueText.Basic(b, raw) : null;
            case EnumType e:
                return ReadScalar(at, (int)e.Size) is { } value ? EnumPrefix(e) + EngineValueText.Enum(e, value) : null;
            case PointerType p:
                return ReadPointer(at) is { } pointer ? PointerText(p, pointer, level) : null;
            case OpaqueType o:
                return o.Name;
            default:
                return EngineTypeText.Of(type, _ptr, level);
        }
    }

    /// <summary>A pointer's value and what the engine adds about its target (docs/debugger-engine.md §10).</summary>
    private string PointerText(PointerType type, ulong pointer, int level) =>
        pointer == 0 ? "(null) " : Hex.Pointer(pointer, _ptr) + PointerTail(type, pointer, level);

    /// <summary>What follows a non-null pointer's value: its string, <c>  -> 0n4660</c>, <c> Void</c>, a class's name…</summary>
    private string PointerTail(PointerType type, ulong pointer, int level)
    {
        if (IsCharacter(type.Pointee, out int charSize)) return "  " + Quoted(pointer, charSize, MaxString);
        if (_options.Blocks) return " ";
        switch (type.Pointee)
        {
            case BasicType { Kind: BasicKind.Void }:
                return " Void";
            case BasicType b:
                return "  -> " + (ReadScalar(pointer, (int)b.Size) is { } raw ? EngineValueText.Basic(b, raw) : EngineValueText.Unreadable);
            case PointerType inner:
                return "  -> " + (ReadPointer(pointer) is { } next ? PointerText(inner, next, level) : EngineValueText.UnreadablePointer);
            case EnumType e when _options.Verbose:
                // On the line after the enum's name: a value without a name after " -> " (observed).
                if (ReadScalar(pointer, (int)e.Size) is not { } read) return " " + EnumPrefix(e) + EngineValueText.Unreadable;
                return " " + EnumPrefix(e) + (e.Constants.Any(c => EngineValueText.Mask(c.Value, e.Size) == read) ? "" : " -> ") + EngineValueText.Enum(e, read);
            case EnumType e:
                if (ReadScalar(pointer, (int)e.Size) is not { } stored) return " " + EngineValueText.Unreadable;
                // A value with a name follows after one space; one without, after " -> " (observed).
                return (e.Constants.Any(c => EngineValueText.Mask(c.Value, e.Size) == stored) ? " " : "  -> ") + EngineValueText.Enum(e, stored);
            case FunctionType f:
                return " " + EngineTypeText.Function(f, level) + " " + FunctionSymbol(pointer);
            case UdtType u:
                return " " + UdtText(u);
            case OpaqueType o:
                return " " + o.Name;
            default:
                return " " + EngineTypeText.Of(type.Pointee, _ptr, level);
        }
    }

    /// <summary>
    /// A function pointer's target: <c>module!symbol+0</c> (the engine prints +0 whatever the displacement, observed),
    /// or <c>+address</c> (sign-extended from 32 bits on x86) where nothing is named.
    /// </summary>
    private string FunctionSymbol(ulong address)
    {
        if (_target.Symbols() is { } symbols && symbols.TryGetName(address, out string name, out _))
            return name + "+0";
        ulong extended = _ptr == 4 ? unchecked((ulong)(long)(int)(uint)address) : address;
        return $"+{extended:x}";
    }

    private static bool IsCharacter(DebugType type, out int size)
    {
        size = (int)type.Size;
        return type is BasicType { Kind: BasicKind.Char or BasicKind.UChar or BasicKind.WideChar or BasicKind.Char16 };
    }

    private string Quoted(ulong at, int charSize, int max) => EngineValueText.Quoted(_target, at, charSize, max);

    // The closing "Memory read error" line (docs/pdb-format.md §18): a failed top-level read stays; a failed nested
    // read gives way to a later successful read at a lower level; a later failure of either kind replaces both.
    private ulong? _nestedUnreadable;
    private int _nestedLevel, _throughReference;

    private void Record(int level, ulong at, bool ok)
    {
        if (ok)
        {
            if (_nestedUnreadable is not null && _nestedLevel > level) _nestedUnreadable = null;
            return;
        }
        if (level == 0) (_lastUnreadable, _nestedUnreadable) = (at, null);
        else if (_throughReference == 0) (_nestedUnreadable, _nestedLevel) = (at, level);
    }

    private ulong? ClosingAddress => _nestedUnreadable ?? _lastUnreadable;

    /// <summary>Records a read the engine makes of a base class at the top level, which names its address when it fails (observed).</summary>
    private void Touch(int level, ulong at, ulong size)
    {
        if (level != 0) return;
        var probe = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(size, 1 << 16));
        try
        {
            Record(level, at, _target.TryReadExactly(at, probe.AsSpan(0, (int)Math.Min(size, 1 << 16))));
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(probe);
        }
    }

    private ulong? ReadScalar(ulong at, int size) => _target.ReadUnsigned(at, size);

    private ulong? ReadPointer(ulong at) => _target.TryReadPointer(at, out ulong value) ? value : null;
}
