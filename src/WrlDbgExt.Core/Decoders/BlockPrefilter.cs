using System.Buffers.Binary;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// For a whole-memory scan: whether a candidate (a word outside the images pointing into one) needs its decode now, or
/// can wait until the scan knows whether its vftable is a block's. False only when <see cref="FlavourDetector.Decode"/>
/// there could neither name a block by its vftable symbol, nor find a target linking back, nor call it destroyed, in any
/// flavour's reading (the block's own, or a tear-off's): most of a heap's vfptr-like words are other objects', and a
/// decode costs a score of reads where this reads the candidate's neighbourhood once. One per scan: it remembers each
/// image's layouts.
/// </summary>
public sealed class BlockPrefilter
{
    private const int Before = 64, After = 192; // covers every tear-off offset and block layout, with room

    private readonly ITargetMemory _target;
    private readonly ILayoutSource _layouts;
    private readonly int _ptr;
    private readonly (FlavourDescriptor Flavour, int[] TearOffs)[] _flavours; // those with a layout for the target
    private readonly Dictionary<ulong, Fields?[]> _fields = [];               // by image base (0: none), per flavour
    private readonly byte[] _window = new byte[Before + After];

    // Where a flavour's block keeps what the test reads; End: one past the last of those bytes.
    private readonly record struct Fields(int Target, int Strong, int Weak, int End);

    public BlockPrefilter(ITargetMemory target, ILayoutSource layouts)
    {
        _target = target;
        _layouts = layouts;
        _ptr = target.PointerSize;
        _flavours = [.. FlavourCatalog.All.Where(f => layouts.FindLayout(f.ControlBlockType, target.Architecture) is not null)
            .Select(f => (f, f.TearOffs(_ptr).Select(t => t.Offset).Where(o => o <= Before).ToArray()))];
    }

    public bool MayConfirmOrBeDestroyed(ulong address)
    {
        if (address < Before) return true;
        int got = _target.Read(address - Before, _window);
        if (got < Before + _ptr) return true; // let the decode say what is missing
        ReadOnlySpan<byte> bytes = _window.AsSpan(0, got);
        if (TargetInspector.SymbolOf(_target, Word(bytes, Before)) is not null) return true;
        for (int f = 0; f < _flavours.Length; f++)
        {
            if (Reading(bytes, Before, f)) return true;
            foreach (int offset in _flavours[f].TearOffs)
                if (Reading(bytes, Before - offset, f)) return true;
        }
        return false;
    }

    // The block read from bytes[at..] as flavour f: true unless its fields say it can neither link back nor be destroyed.
    private bool Reading(ReadOnlySpan<byte> bytes, int at, int f)
    {
        ulong vf = Word(bytes, at);
        if (TargetInspector.SymbolOf(_target, vf) is not null) return true; // a tear-off's block named by its own vftable
        if (FieldsOf(vf, f) is not { } fields || at + fields.End > bytes.Length) return true;
        var flavour = _flavours[f].Flavour;
        return ControlBlockDecoder.MayLinkBackOrBeDestroyed(flavour, _ptr, Word(bytes, at + fields.Target),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + fields.Strong)..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + fields.Weak)..]));
    }

    // The layout the decode would use: that of the image holding the vfptr, else any (ControlBlockDecoder.LayoutFor).
    private Fields? FieldsOf(ulong vf, int f)
    {
        var image = Plausibility.ImageOf(_target, vf);
        ulong key = image?.ImageBase ?? 0;
        if (!_fields.TryGetValue(key, out var perFlavour))
        {
            perFlavour = new Fields?[_flavours.Length];
            for (int i = 0; i < perFlavour.Length; i++)
            {
                var flavour = _flavours[i].Flavour;
                var layout = ControlBlockDecoder.LayoutFor(_target, _layouts, image, flavour);
                if (layout?.Field(flavour.FieldName(FieldRole.Target)) is { } t && layout.Field(flavour.FieldName(FieldRole.StrongCount)) is { } s
                    && layout.Field(flavour.FieldName(FieldRole.WeakCount)) is { } w)
                    perFlavour[i] = new Fields((int)t.Offset, (int)s.Offset, (int)w.Offset,
                        (int)Math.Max(t.Offset + (uint)_ptr, Math.Max(s.Offset, w.Offset) + 4u));
            }
            _fields[key] = perFlavour;
        }
        return perFlavour[f];
    }

    private ulong Word(ReadOnlySpan<byte> bytes, int at) =>
        _ptr == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
}
