using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Layouts;

/// <summary>
/// A flattened class layout (bases' fields included, ordered by offset) for one architecture family,
/// whichever source produced it.
/// </summary>
/// <param name="Name">Fully qualified C++ name, e.g. <c>Microsoft::WRL::Details::WeakReferenceImpl</c>.</param>
/// <param name="Family">x86 or x64 (ARM64 uses x64).</param>
/// <param name="Size">sizeof.</param>
/// <param name="Fields">Fields in offset order.</param>
/// <param name="Source">Where it came from, for messages (<c>built-in</c>, a PDB name, <c>engine</c>).</param>
/// <param name="Module">Module whose symbols define it (the <c>t</c> of <c>t!Type</c>); null for built-in layouts.</param>
public sealed record TypeLayout(
    string Name,
    TargetArchitecture Family,
    uint Size,
    IReadOnlyList<FieldLayout> Fields,
    string Source,
    string? Module = null)
{
    public int PointerSize => Family.PointerSize();

    public FieldLayout? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The field, or an exception naming the layout: decoders call this for fields they require.</summary>
    public FieldLayout RequiredField(string name) =>
        Field(name) ?? throw new LayoutMismatchException($"layout of {Name} from {Source} has no field '{name}'");
}

/// <summary>A layout lacks what a decoder needs: reported to the user, never a crash.</summary>
public sealed class LayoutMismatchException(string message) : Exception(message);
