using System.Text;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Rendering;

/// <summary>A declared symbol with, for data, the text after <c> = </c> (<see cref="LnValueText"/>).</summary>
public sealed record LnValue(DeclaredSymbol Symbol, string? ValueText);

/// <summary>
/// The engine's <c>ln</c>, byte for byte (docs/pdb-format.md §17): the symbol before with its displacement, three
/// spaces, the next one after <c>|</c>, then at an exact address <c>Exact matches:</c> and one line per declared symbol.
/// </summary>
public static class LnRenderer
{
    public static string Render(NearSymbols near, IReadOnlyList<LnValue>? exact, int pointerSize)
    {
        var text = new StringBuilder();
        text.Append('(').Append(Address(near.Before.Address, pointerSize)).Append(")   ").Append(near.Before.Name);
        // No symbol before it: the engine prints a displacement of -1 at any pointer size.
        if (near.Displacement is not { } displacement) text.Append("+0xffffffff`ffffffff");
        else if (displacement != 0) text.Append("+0x").Append(displacement.ToString("x"));
        text.Append("   ");
        if (near.After is { } after) text.Append("|  (").Append(Address(after.Address, pointerSize)).Append(")   ").Append(after.Name);
        text.Append('\n');
        if (exact is null) return text.ToString();
        text.Append("Exact matches:\n");
        foreach (var line in exact) text.Append("    ").Append(Declaration(line, pointerSize)).Append('\n');
        return text.ToString();
    }

    private static string Declaration(LnValue line, int pointerSize)
    {
        _ = pointerSize;
        var symbol = line.Symbol;
        if (symbol.Parameters is { } parameters)
            return $"{symbol.Name} ({(parameters.Count > 0 ? string.Join(", ", parameters) : "void")})";
        return $"{symbol.Name} = {line.ValueText ?? symbol.TypeName ?? ""}";
    }

    /// <summary><c>00000001`4000e670</c> on 64-bit targets, <c>00401000</c> on 32-bit ones.</summary>
    private static string Address(ulong value, int pointerSize) => Hex.Pointer(value, pointerSize)[2..];
}
