using System.CommandLine;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Commands;

/// <summary>
/// <c>wrldbg dt DUMP TYPE [ADDRESS]</c>: the engine's <c>dt</c> for the layout catalog's types,
/// byte for byte: type form without an address, value form with one.
/// </summary>
internal static class DtCommand
{
    public static Command Create(TextWriter stdout)
    {
        var dump = new Argument<FileInfo>("dump") { Description = "Windows minidump (.dmp)" };
        var type = new Argument<string>("type") { Description = "Type name, optionally module-qualified (t!Microsoft::WRL::Details::WeakReferenceImpl)" };
        var address = new Argument<string?>("address") { Description = "Object address: print values instead of types", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("dt", "Display a type as the debugger's dt does, with values when given an address") { dump, type, address };
        command.SetAction(parse =>
        {
            using var target = DumpInput.Open(parse.GetValue(dump)!);
            var (layout, moduleGiven) = Resolve(target, parse.GetValue(type)!);
            if (parse.GetValue(address) is not { } text)
            {
                stdout.Write(DtRenderer.RenderType(layout, moduleGiven));
                return ExitCodes.Done;
            }
            ulong at = DumpInput.ParseAddress(text, target);
            var snapshot = ObjectSnapshot.Read(target, at, layout);
            if (snapshot.NothingReadable)
                throw CliException.Input($"memory read error at {Hex.Pointer(at, target.PointerSize)}: not in the dump's memory");
            stdout.Write(DtRenderer.RenderValues(snapshot, moduleGiven));
            return ExitCodes.Done;
        });
        return command;
    }

    private static (TypeLayout Layout, bool ModuleGiven) Resolve(ITargetMemory target, string typeText)
    {
        string name = typeText.Trim();
        bool moduleGiven = false;
        int bang = name.IndexOf('!');
        if (bang >= 0)
        {
            string module = name[..bang];
            name = name[(bang + 1)..];
            moduleGiven = true;
            if (module.Length > 0 && target.Modules() is { } modules && modules.FindByName(module) is null)
                throw CliException.Usage($"no module '{Printable(module)}' in this dump");
        }
        var catalog = LayoutCatalog.For(target);
        var layout = catalog.FindLayout(name, target.Architecture);
        if (layout is null)
            throw CliException.Usage($"unknown type '{Printable(name)}' for {target.Architecture.DisplayName()}; known types: {string.Join(", ", catalog.KnownTypes)}");
        return (layout, moduleGiven);
    }

    private static string Printable(string text) => AddressParser.Printable(text);
}
