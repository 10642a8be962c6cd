using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>!wrlweak [-json] [-word] ADDRESS</c>: the same report as <c>wrldbg weak</c>, with the debugger's
/// expression evaluator, the target's symbols for layouts (built-in as fallback) and DML when preferred.
/// </summary>
public sealed class WrlWeakCommand : IExtensionCommand
{
    public string Name => "wrlweak";

    public string Summary => "decode a WRL weak reference control block (Microsoft::WRL::Details::WeakReferenceImpl)";

    public string Usage =>
        "!wrlweak [-json] [-word] ADDRESS\n" +
        "  Decodes the Microsoft::WRL::Details::WeakReferenceImpl at ADDRESS: its dt form with values, then\n" +
        "  the verdict (target alive; target destroyed with weak references outstanding; control block\n" +
        "  destroyed (0xC0000001); saturated / leaked (0x7FFFFFFF); being created (0x3FFFFFFF); corrupt)\n" +
        "  and the reasons. A target is dereferenced only while its strong count is positive.\n" +
        "  ADDRESS is any debugger expression: 0x0000022b`4f5e80a0, poi(@rcx)+8, module!symbol, @$t0.\n" +
        "  -word   ADDRESS is an object's count-or-pointer word (WRL refCount_, C++/WinRT m_references):\n" +
        "          count mode gives the strong count; pointer mode follows raw << 1 to the control block.\n" +
        "  -json   print JSON (schemas wrldbg.weak-reference / wrldbg.count-or-pointer, version 1).\n" +
        "  -?      this help.\n";

    public bool Run(ICommandHost host, CommandArguments args)
    {
        var unknown = args.Options.Where(o => !o.Equals("-json", StringComparison.OrdinalIgnoreCase) && !o.Equals("-word", StringComparison.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            host.WriteError($"wrlweak: unknown option '{AddressParser.Printable(unknown[0])}' (see !wrlweak -?)\n");
            return false;
        }
        if (args.Rest.Length == 0)
        {
            host.WriteError("wrlweak: an address is required (see !wrlweak -?)\n");
            return false;
        }
        if (!host.TryEvaluate(args.Rest, out ulong address, out string error))
        {
            host.WriteError($"wrlweak: cannot evaluate '{AddressParser.Printable(args.Rest)}': {error}\n");
            return false;
        }

        var target = host.Target;
        if (target.PointerSize == 4) address = (uint)address; // the engine sign-extends 32-bit addresses
        bool json = args.Has("-json");
        var layouts = LayoutCatalog.For(target);

        if (args.Has("-word"))
        {
            if (!target.TryReadPointer(address, out ulong raw))
            {
                host.WriteError($"wrlweak: the count-or-pointer word at {Hex.Pointer(address, target.PointerSize)} is not readable\n");
                return false;
            }
            var word = CountOrPointerWord.FromRaw(raw, target.PointerSize);
            WeakReferenceVerdict? block = null;
            if (word.IsPointer && !TryDecode(host, layouts, word.ControlBlock, out block)) return false;
            if (host.Interrupted) return Interrupted(host);
            if (json) host.WriteText(CountOrPointerJsonRenderer.Render(address, word, block) + "\n");
            else host.WriteText(CountOrPointerTextRenderer.Render(address, word, block));
            return true;
        }

        if (!TryDecode(host, layouts, address, out var verdict)) return false;
        if (host.Interrupted) return Interrupted(host);
        if (json) host.WriteText(WeakReferenceJsonRenderer.Render(verdict!) + "\n");
        else if (host.PreferDml) host.WriteDml(WeakReferenceDmlRenderer.Render(verdict!));
        else host.WriteText(WeakReferenceTextRenderer.Render(verdict!));
        return true;
    }

    private static bool TryDecode(ICommandHost host, ILayoutSource layouts, ulong address, out WeakReferenceVerdict? verdict)
    {
        verdict = null;
        try
        {
            verdict = WrlWeakReferenceDecoder.Instance.Decode(host.Target, layouts, address);
        }
        catch (LayoutMismatchException e)
        {
            host.WriteError($"wrlweak: {AddressParser.Printable(e.Message)}\n");
            return false;
        }
        if (verdict.Unreadable)
        {
            host.WriteError($"wrlweak: memory read error at {Hex.Pointer(address, host.Target.PointerSize)}: the control block is not readable\n");
            return false;
        }
        return true;
    }

    private static bool Interrupted(ICommandHost host)
    {
        host.WriteError("wrlweak: interrupted\n");
        return false;
    }
}
