using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>Evaluating an address argument the same way in every host.</summary>
public static class AddressArgument
{
    /// <summary>
    /// Evaluates through the host and fits the value to the target: on x86 a sign-extended address
    /// (<c>ffffffff`80001000</c>, as the engine produces them) is accepted, any other value above 32 bits is
    /// refused — never silently truncated.
    /// </summary>
    public static bool TryEvaluate(ICommandContext context, string text, out ulong address, out CommandOutcome? failure)
    {
        failure = null;
        if (!context.TryEvaluate(text, out address, out string error))
        {
            failure = CommandOutcome.Usage(error);
            return false;
        }
        if (context.Target.PointerSize == 4 && address > uint.MaxValue)
        {
            if (address >> 32 == 0xFFFF_FFFF && (address & 0x8000_0000) != 0)
            {
                address &= 0xFFFF_FFFF;
                return true;
            }
            failure = CommandOutcome.Usage(
                $"'{AddressParser.Printable(text)}' = {Hex.Pointer(address, 8)} is beyond the 32-bit address space of this x86 target");
            return false;
        }
        return true;
    }
}
