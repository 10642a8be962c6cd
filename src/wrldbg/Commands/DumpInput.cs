using WrlDbgExt.Cli.Symbols;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Commands;

/// <summary>What every dump command does first: open the dump, parse addresses, read memory.</summary>
internal static class DumpInput
{
    public static MinidumpTarget Open(FileInfo dump)
    {
        try
        {
            return MinidumpTarget.Open(dump.FullName);
        }
        catch (DumpOpenException e)
        {
            throw CliException.Input(e.Message);
        }
    }

    /// <summary>The dump with its modules' PDBs from <paramref name="symbolsOption"/> (else <c>_NT_SYMBOL_PATH</c>); null without a path.</summary>
    public static SymbolizedDump? Symbolize(MinidumpTarget opened, string? symbolsOption)
    {
        string? symbolPath = symbolsOption ?? Environment.GetEnvironmentVariable("_NT_SYMBOL_PATH");
        return string.IsNullOrWhiteSpace(symbolPath) ? null : new SymbolizedDump(opened, new DumpSymbols(opened.Modules, SymbolPath.Parse(symbolPath)));
    }

    public static ulong ParseAddress(string text, ITargetMemory target)
    {
        if (!AddressParser.TryParse(text, target.PointerSize, out ulong address, out string error))
            throw CliException.Usage(error);
        return address;
    }

    /// <summary>Fails with exit code 3 when not one byte at <paramref name="address"/> is in the dump.</summary>
    public static void RequireReadable(ITargetMemory target, ulong address, string what)
    {
        Span<byte> probe = stackalloc byte[1];
        if (target.Read(address, probe) == 0)
            throw CliException.Input($"{what} at {Core.Rendering.Hex.Pointer(address, target.PointerSize)} is not in the dump's memory");
    }
}
