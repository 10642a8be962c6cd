namespace WrlDbgExt.Core.Rendering.TypeDump;

/// <summary>
/// The engine's <c>dt</c> switches we reproduce: <c>-r[N]</c> expands members' types down to level N (<c>-r</c> alone
/// is 2, none is 0), <c>-b</c> expands embedded members and array elements (never pointers), <c>-v</c> adds sizes,
/// element counts, base-class rows, methods with their signatures, nested types and vtable entries.
/// </summary>
public sealed record DtOptions(int Depth = 0, bool Blocks = false, bool Verbose = false)
{
    /// <summary>What <c>-r</c> without a number means in the engine (observed: two levels below the type).</summary>
    public const int DefaultRecursion = 2;
}
