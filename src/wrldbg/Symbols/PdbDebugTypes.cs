using WrlDbgExt.Core.Types;
using WrlDbgExt.Pdb;
using WrlDbgExt.Pdb.Types;
using CoreArray = WrlDbgExt.Core.Types.ArrayType;
using CoreEnum = WrlDbgExt.Core.Types.EnumType;
using CorePointer = WrlDbgExt.Core.Types.PointerType;
using CoreUdt = WrlDbgExt.Core.Types.UdtType;
using CoreUdtKind = WrlDbgExt.Core.Types.UdtKind;
using PdbArray = WrlDbgExt.Pdb.Types.ArrayType;
using PdbEnum = WrlDbgExt.Pdb.Types.EnumType;
using PdbPointer = WrlDbgExt.Pdb.Types.PointerType;
using PdbUdt = WrlDbgExt.Pdb.Types.UdtType;
using PdbUdtKind = WrlDbgExt.Pdb.Types.UdtKind;

namespace WrlDbgExt.Cli.Symbols;

/// <summary>
/// One module's PDB types as the core's <see cref="DebugType"/>s, built on first use and cached by type index:
/// forward references resolved, <c>const</c>/<c>volatile</c> dropped (the engine prints neither), bitfields as
/// members with a position, static members with the address of the global that defines them, methods and nested
/// types (for <c>dt -v</c>).
/// </summary>
internal sealed class PdbDebugTypes(PdbFile pdb, ulong imageBase)
{
    private readonly Dictionary<uint, DebugType> _cache = [];
    private readonly object _gate = new();

    public DebugType Get(uint index) => Get(index, 0);

    private DebugType Get(uint index, int depth)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(index, out var known)) return known;
        }
        var made = Make(index, depth);
        lock (_gate) return _cache.TryAdd(index, made) ? made : _cache[index];
    }

    private DebugType Make(uint index, int depth)
    {
        if (depth > TypeTable.MaxDepth) throw new PdbFormatException($"type 0x{index:X}: type references nest deeper than {TypeTable.MaxDepth} (a cycle?)");
        var types = pdb.Types;
        switch (types.Resolve(index))
        {
            case SimpleType s when s.IsPointer:
                return new CorePointer(() => Get(index & 0xFF), (int)s.Size);
            case SimpleType s:
                return Basic(s);
            case ModifierType m:
                return Get(m.Modified, depth + 1);
            case PdbPointer p:
                return new CorePointer(() => Get(p.Referent), (int)types.SizeOf(p.Index),
                    p.Mode is PointerMode.LValueReference or PointerMode.RValueReference);
            case PdbArray a:
                return new CoreArray(Get(a.ElementType, depth + 1), a.Size);
            case BitfieldType b:
                return Get(b.Underlying, depth + 1);
            case PdbEnum e:
                var underlying = Get(e.UnderlyingType, depth + 1) as BasicType ?? new BasicType(BasicKind.SignedInteger, 4, "int");
                return new CoreEnum(e.Name, underlying,
                    [.. types.FieldsOf(e.Index).Enumerators.Select(c => new EnumConstant(c.Name, EngineValueMask(c.Value.Bits, underlying.Size)))]);
            case PdbUdt { IsForwardReference: true } u:
                // Declared, never defined: a class without members or size, as the engine shows it.
                return new CoreUdt(u.Name, Kind(u.Kind), 0, () => [], 0);
            case PdbUdt u:
                return new CoreUdt(u.Name, Kind(u.Kind), u.Size, () => Entries(u), u.MemberCount);
            case ProcedureType f:
                return new FunctionType(types.NameOf(f.ReturnType),
                    () => types.Get(f.ArgumentList) is ArgumentListType list ? [.. list.Arguments.Select(a => Get(a))] : []);
            case var other:
                return new OpaqueType(types.NameOf(other.Index), types.SizeOf(other.Index));
        }
    }

    private static ulong EngineValueMask(ulong bits, ulong size) => size >= 8 ? bits : bits & ((1UL << (int)(size * 8)) - 1);

    private List<UdtEntry> Entries(PdbUdt udt)
    {
        var fields = pdb.Types.FieldsOf(udt.Index);
        var entries = new List<UdtEntry>();
        foreach (var record in fields.InRecordOrder)
        {
            switch (record)
            {
                case BaseClass { IsVirtual: false } b when Get(b.Type) is CoreUdt baseType:
                    entries.Add(new BaseClassEntry(baseType, b.Offset));
                    break;
                case BaseClass { IsVirtual: true } v when Get(v.Type) is CoreUdt virtualBase:
                    entries.Add(new VirtualBaseEntry(virtualBase, v.VbptrOffset, v.VbtableIndex));
                    break;
                case VtablePointer vp:
                    entries.Add(new VfTableEntry(vp.Offset, pdb.Types.VtableShapeCount(vp.Type) ?? 0));
                    break;
                case Method method:
                    foreach (var overload in pdb.Types.OverloadsOf(method))
                        if (MethodOf(udt, method.Name, overload.Type) is { } entry) entries.Add(entry);
                    break;
                case NestedType nested:
                    entries.Add(Nested(udt, nested));
                    break;
                case DataMember m:
                    entries.Add(new DataMemberEntry(m.Name, Get(m.Type), m.Offset,
                        m.BitWidth is { } width ? new Bitfield(m.BitPosition ?? 0, width) : null));
                    break;
                case StaticMember s:
                    entries.Add(new StaticMemberEntry(s.Name, Get(s.Type), StaticAddress($"{udt.Name}::{s.Name}")));
                    break;
            }
        }
        return entries;
    }

    /// <summary>
    /// A method overload: named <c>Class::name</c> where a procedure of that name and type defines it, else by its
    /// bare name, as the engine names them (observed, docs/pdb-format.md §18); parameters without <c>this</c>.
    /// </summary>
    private MethodEntry? MethodOf(PdbUdt udt, string name, uint type)
    {
        if (pdb.Types.Get(type) is not ProcedureType signature) return null;
        var arguments = pdb.Types.Get(signature.ArgumentList) is ArgumentListType list ? list.Arguments : [];
        string qualified = $"{udt.Name}::{name}";
        bool defined = pdb.Symbols.FindByName(qualified).Any(s => s.IsProcedure && s.TypeIndex == type);
        return new MethodEntry(defined ? qualified : name, Get(signature.ReturnType), [.. arguments.Select(a => Get(a))]);
    }

    /// <summary>A nested type; defined inside when its name is in the class's scope (else a type alias).</summary>
    private NestedTypeEntry Nested(PdbUdt udt, NestedType nested)
    {
        var type = Get(nested.Type);
        var record = pdb.Types.Resolve(nested.Type);
        string typeName = record switch { PdbUdt u => u.Name, PdbEnum e => e.Name, _ => "" };
        return new NestedTypeEntry(nested.Name, type, typeName.StartsWith(udt.Name + "::", StringComparison.Ordinal));
    }

    /// <summary>The address of the global that defines a static member; null where the program defines none (constants).</summary>
    private ulong? StaticAddress(string qualifiedName)
    {
        var symbol = pdb.Symbols.FindByName(qualifiedName).FirstOrDefault(s => s.Rva is not null && !s.IsProcedure && !s.IsPublic);
        return symbol is null ? null : imageBase + symbol.Rva!.Value;
    }

    private static CoreUdtKind Kind(PdbUdtKind kind) => kind switch
    {
        PdbUdtKind.Class => CoreUdtKind.Class,
        PdbUdtKind.Union => CoreUdtKind.Union,
        PdbUdtKind.Interface => CoreUdtKind.Interface,
        _ => CoreUdtKind.Struct,
    };

    /// <summary>cvinfo.h's basic types by what the engine prints for them (docs/pdb-format.md §18).</summary>
    private static BasicType Basic(SimpleType s)
    {
        int size = (int)s.Size;
        var kind = s.Kind switch
        {
            0x03 => BasicKind.Void,
            0x10 or 0x70 or 0x68 => BasicKind.Char,
            0x20 or 0x69 or 0x7C => BasicKind.UChar,
            0x11 or 0x72 or 0x12 or 0x74 or 0x13 or 0x76 or 0x08 => BasicKind.SignedInteger,
            0x21 or 0x73 or 0x22 or 0x75 or 0x23 or 0x77 => BasicKind.UnsignedInteger,
            0x30 => BasicKind.Bool,
            0x71 => BasicKind.WideChar,
            0x7A => BasicKind.Char16,
            0x7B => BasicKind.Char32,
            0x40 or 0x41 => BasicKind.Float,
            _ => BasicKind.Other,
        };
        return new BasicType(kind, size, s.Name);
    }
}
