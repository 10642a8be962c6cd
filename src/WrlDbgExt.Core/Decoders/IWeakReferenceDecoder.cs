using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Decoders;

/// <summary>One control-block flavour (WRL, C++/WinRT, C++/CX…): reads a block and gives a verdict.</summary>
public interface IWeakReferenceDecoder
{
    /// <summary>Short stable id (<c>wrl</c>).</summary>
    string Flavour { get; }

    /// <summary>The C++ type whose layout the decoder reads (looked up in the layout source).</summary>
    string TypeName { get; }

    /// <summary>Decodes the block at <paramref name="address"/>; never throws for bad memory.</summary>
    /// <exception cref="LayoutMismatchException">No layout for the type, or it lacks a required field.</exception>
    WeakReferenceVerdict Decode(ITargetMemory target, ILayoutSource layouts, ulong address);
}
