using System.Globalization;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Rendering.TypeDump;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Core.Commands;

/// <summary>
/// <c>wrldbg dt DUMP [module!]TYPE [ADDRESS] [-r[N]] [-b] [-v]</c>: the engine's <c>dt</c>, byte for byte, for any type of a
/// module's PDB (the target's <see cref="ITypeCatalog"/>), else for the layout catalog's built-in types: the type
/// form without an address, the value form with one. The engine has its own <c>dt</c>, so this one is the CLI's only.
/// </summary>
public sealed class DtCommand : DebuggerCommand
{
    private const string Recurse = "recurse";
    private const string Blocks = "blocks";
    private const string Verbose = "verbose";

    public static CommandDeclaration Spec { get; } = new(
        Name: "dt",
        ExtensionName: null,
        Summary: "display a type as the debugger's dt does, with values when given an address",
        Description: "TYPE may be module-qualified (weak_refs!Microsoft::WRL::Details::WeakReferenceImpl) and is found without regard\n" +
            "to case, as the engine finds it. With --symbols every type of a module's PDB can be shown; without, the\n" +
            "flavours' built-in layouts. -r[N] expands members' types N levels deep (-r alone: 2), -b expands embedded\n" +
            "members and array elements, -v adds sizes, element counts, base classes, methods, nested types and vtable entries.\n",
        Arguments:
        [
            new ArgumentDeclaration("type", "type name, optionally module!Type", ArgumentKind.Text),
            new ArgumentDeclaration("address", "object address: print values instead of types", ArgumentKind.Address, Required: false),
        ],
        Options:
        [
            new OptionDeclaration(Recurse, "expand members' types N levels deep (2 when N is left out)", "N", ShortForm: "-r", ValueOptional: true),
            new OptionDeclaration(Blocks, "expand embedded members and every array element", ShortForm: "-b"),
            new OptionDeclaration(Verbose, "add sizes, element counts, base classes, methods and vtable entries", ShortForm: "-v"),
        ],
        Examples:
        [
            new CommandExample([], ["weak_refs!Microsoft::WRL::Details::WeakReferenceImpl"], "the type form"),
            new CommandExample([], ["weak_refs!Microsoft::WRL::Details::WeakReferenceImpl", "0x00000000`00244f30"], "the value form of the live block"),
        ],
        Hosts: CommandHosts.Cli,
        Json: true);

    public override CommandDeclaration Declaration => Spec;

    public override CommandOutcome Run(ICommandContext context, CommandInput input)
    {
        var target = context.Target;
        if (Options(input) is not { } options)
            return CommandOutcome.Usage($"--{Recurse} needs a level from 0 to 32, not '{AddressParser.Printable(input.Value(Recurse) ?? "")}'");
        string given = input.Argument("type")!.Trim();
        string? module = null;
        string name = given;
        int bang = given.IndexOf('!');
        if (bang >= 0)
        {
            module = given[..bang];
            name = given[(bang + 1)..];
            if (module.Length == 0) module = null;
        }
        if (target is ITypeCatalog lister && (name.Contains('*') || module == "*"))
            return List(context, lister, module == "*" ? null : module, name);
        ulong? address = null;
        if (input.Argument("address") is { } text)
        {
            if (!AddressArgument.TryEvaluate(context, text, out ulong at, out var failure)) return failure!;
            address = at;
        }

        if (target is ITypeCatalog catalog && catalog.FindTypes(module, name).FirstOrDefault() is { } found)
        {
            // The engine names the module in a header line only when the user did not (docs/debugger-engine.md §10).
            string? header = bang >= 0 ? null : $"{found.Module}!{found.Name}";
            var result = address is { } a ? TypeDumper.ValueForm(target, found.Type, a, options) : TypeDumper.TypeForm(target, found.Type, options);
            if (address is { } start && !AnyByteReadable(target, start, Math.Max(found.Type.Size, 1)))
                return CommandOutcome.Input($"memory read error at {Hex.Pointer(start, target.PointerSize)}: not in the dump's memory");
            context.Write(context.Format == OutputFormat.Json ? DtJsonRenderer.Render(found, address, options, result) : DtTextRenderer.Render(result, header));
            return CommandOutcome.Done;
        }
        if (address is null && target is ITypeCatalog globals && globals.FindGlobal(module, name) is { } global)
        {
            var result = TypeDumper.GlobalForm(target, global.Type, global.Address, options);
            context.Write(context.Format == OutputFormat.Json
                ? DtJsonRenderer.Render(new NamedType(global.Module, global.Name, global.Type), global.Address, options, result)
                : DtTextRenderer.Render(result, bang >= 0 ? null : $"{global.Module}!{global.Name}"));
            return CommandOutcome.Done;
        }
        return BuiltIn(context, module, name, bang >= 0, address, options);
    }

    /// <summary>
    /// <c>dt module!pattern</c>: the matching types (ten spaces, <c>module!name</c>), then procedures and data (the
    /// address in hex digits, two spaces, the name), as the engine lists them (docs/pdb-format.md §18).
    /// </summary>
    private static CommandOutcome List(ICommandContext context, ITypeCatalog catalog, string? module, string pattern)
    {
        if (module is null && !pattern.Contains('*') && catalog.Matching(null, pattern).Count == 0)
            return CommandOutcome.Usage($"Symbol *!{AddressParser.Printable(pattern)} not found.");
        var text = new System.Text.StringBuilder();
        int digits = context.Target.PointerSize * 2;
        foreach (var match in catalog.Matching(module, pattern))
        {
            if (match.Address is { } at) text.Append(at.ToString("x" + digits, CultureInfo.InvariantCulture)).Append("  ");
            else text.Append(' ', 10);
            text.Append(match.Module).Append('!').Append(match.Name).Append('\n');
        }
        context.Write(text.ToString());
        return CommandOutcome.Done;
    }

    /// <summary>Whether the dump holds any byte of the object (one probe per page and the last byte).</summary>
    private static bool AnyByteReadable(ITargetMemory target, ulong start, ulong size)
    {
        Span<byte> one = stackalloc byte[1];
        for (ulong offset = 0; offset < size; offset = (offset | 0xFFF) + 1)
            if (target.Read(start + offset, one) == 1) return true;
        return target.Read(start + size - 1, one) == 1;
    }

    /// <summary>The -r and -b switches; null for a level that is not a number.</summary>
    private static DtOptions? Options(CommandInput input)
    {
        int depth = 0;
        if (input.Has(Recurse))
        {
            depth = DtOptions.DefaultRecursion;
            if (input.Value(Recurse) is { } level && !(int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out depth) && depth <= 32))
                return null;
        }
        return new DtOptions(depth, input.Has(Blocks), input.Has(Verbose));
    }

    /// <summary>The flavours' built-in layouts, for targets without a type catalog (no PDB).</summary>
    private static CommandOutcome BuiltIn(ICommandContext context, string? module, string name, bool moduleGiven, ulong? address, DtOptions options)
    {
        var target = context.Target;
        if (module is not null && target.Modules() is { } modules && modules.FindByName(module) is null)
            return CommandOutcome.Usage($"no module '{AddressParser.Printable(module)}' in this dump");
        var layout = context.Layouts.FindLayout(name, target.Architecture);
        if (layout is null)
            return CommandOutcome.Usage(target is ITypeCatalog
                ? $"Symbol {AddressParser.Printable(module is null ? name : module + "!" + name)} not found."
                : $"unknown type '{AddressParser.Printable(name)}' for {target.Architecture.DisplayName()}; known types without --symbols: {string.Join(", ", context.Layouts.KnownTypes)}");
        if (context.Format == OutputFormat.Json || options.Depth > 0 || options.Blocks)
            return CommandOutcome.Usage($"{(context.Format == OutputFormat.Json ? "--json" : options.Blocks ? "-b" : "-r")} needs the type from a PDB (--symbols): the built-in layouts are flat");
        if (address is not { } at)
        {
            context.Write(DtRenderer.RenderType(layout, moduleGiven));
            return CommandOutcome.Done;
        }
        var snapshot = ObjectSnapshot.Read(target, at, layout);
        if (snapshot.NothingReadable)
            return CommandOutcome.Input($"memory read error at {Hex.Pointer(at, target.PointerSize)}: not in the dump's memory");
        context.Write(DtRenderer.RenderValues(snapshot, moduleGiven));
        return CommandOutcome.Done;
    }
}
