using System.CommandLine;
using WrlDbgExt.Cli.Rendering;
using WrlDbgExt.Dumps;

namespace WrlDbgExt.Cli.Commands;

/// <summary><c>wrldbg info DUMP [--json]</c>: OS, architecture, modules with PDB identity, threads, exception.</summary>
internal static class InfoCommand
{
    public static Command Create(TextWriter stdout)
    {
        var dump = new Argument<FileInfo>("dump") { Description = "Windows minidump (.dmp)" };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema wrldbg.dump-info, version 1) instead of tables" };
        var command = new Command("info", "Summarise a minidump: OS, architecture, pointer size, modules with PDB identity, threads, exception record") { dump, json };
        command.SetAction(parse =>
        {
            using MinidumpTarget target = DumpInput.Open(parse.GetValue(dump)!);
            if (parse.GetValue(json)) stdout.Write(InfoJsonRenderer.Render(target) + "\n");
            else InfoTextRenderer.Render(target, stdout);
            return ExitCodes.Done;
        });
        return command;
    }
}
