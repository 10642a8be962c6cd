using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>Finds a weak-capable object's count-or-pointer word from an object or interface pointer (being written).</summary>
public static class ObjectDecoder
{
    /// <summary>How far before and after the address the structural search looks.</summary>
    public const int SearchBytes = 0x100;

    public static ObjectVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address, FlavourDescriptor? forced = null) =>
        new(address, ObjectFinding.NotFound, null, null, null, null, [], null, null, null, false, null, null, null, null,
            address - Math.Min(address, SearchBytes), address + SearchBytes, []);
}
