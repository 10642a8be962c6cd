using System.CommandLine;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Cli.Commands;

/// <summary><c>wrldbg weak DUMP ADDRESS [--json] [--word]</c>: decode a WRL weak-reference control block.</summary>
internal static class WeakCommand
{
    public static Command Create(TextWriter stdout)
    {
        var dump = new Argument<FileInfo>("dump") { Description = "Windows minidump (.dmp)" };
        var address = new Argument<string>("address") { Description = "Address of a WeakReferenceImpl (or, with --word, of a count-or-pointer word)" };
        var json = new Option<bool>("--json") { Description = "Print JSON (schema wrldbg.weak-reference, version 1) instead of text" };
        var word = new Option<bool>("--word")
        {
            Description = "ADDRESS is an object's count-or-pointer word (WRL refCount_, C++/WinRT m_references): decode it and follow it to the control block",
        };
        var command = new Command("weak", "Decode a WRL weak-reference control block: dt form with values plus the verdict") { dump, address, json, word };
        command.SetAction(parse =>
        {
            using var target = DumpInput.Open(parse.GetValue(dump)!);
            ulong at = DumpInput.ParseAddress(parse.GetValue(address)!, target);
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(word))
            {
                stdout.Write(DecodeWord(target, at, asJson));
                return ExitCodes.Done;
            }
            var verdict = Decode(target, at);
            stdout.Write(asJson ? WeakReferenceJsonRenderer.Render(verdict) + "\n" : WeakReferenceTextRenderer.Render(verdict));
            return ExitCodes.Done;
        });
        return command;
    }

    private static WeakReferenceVerdict Decode(ITargetMemory target, ulong address)
    {
        WeakReferenceVerdict verdict;
        try
        {
            verdict = WrlWeakReferenceDecoder.Instance.Decode(target, LayoutCatalog.For(target), address);
        }
        catch (LayoutMismatchException e)
        {
            throw CliException.Input(e.Message);
        }
        if (verdict.Unreadable)
            throw CliException.Input($"the control block at {Hex.Pointer(address, target.PointerSize)} is not in the dump's memory");
        return verdict;
    }

    private static string DecodeWord(ITargetMemory target, ulong address, bool asJson)
    {
        DumpInput.RequireReadable(target, address, "the count-or-pointer word");
        if (!target.TryReadPointer(address, out ulong raw))
            throw CliException.Input($"the count-or-pointer word at {Hex.Pointer(address, target.PointerSize)} is only partly in the dump");
        var word = CountOrPointerWord.FromRaw(raw, target.PointerSize);
        var verdict = word.IsPointer ? Decode(target, word.ControlBlock) : null;
        return asJson
            ? CountOrPointerJsonRenderer.Render(address, word, verdict) + "\n"
            : CountOrPointerTextRenderer.Render(address, word, verdict);
    }
}
