using System.Diagnostics;
using WrlDbgExt.Cli.Analyze;
using WrlDbgExt.TestSupport;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Cli.Tests;

/// <summary>
/// <c>wrldbg analyze</c>'s prompt: the line editor on scripted keys, its history file, and the whole program at a real
/// pseudo-terminal (python3's pty module drives it as a user types).
/// </summary>
[TestClass]
public class AnalyzePromptTests
{
    private static ConsoleKeyInfo Key(char c) => new(c, c switch { '\r' => ConsoleKey.Enter, '\t' => ConsoleKey.Tab, _ => 0 }, false, false, false);

    private static ConsoleKeyInfo Key(ConsoleKey key) => new('\0', key, false, false, false);

    private static LineEditor Editor(IEnumerable<ConsoleKeyInfo> keys, TextWriter screen, LineHistory history, Func<string, string, IReadOnlyList<string>>? complete = null)
    {
        var queue = new Queue<ConsoleKeyInfo>(keys);
        return new LineEditor(() => queue.Count > 0 ? queue.Dequeue() : new ConsoleKeyInfo('\x04', ConsoleKey.D, false, false, true),
            screen, () => 80, history, complete ?? ((_, _) => []));
    }

    private static IEnumerable<ConsoleKeyInfo> Type(string text) => text.Select(Key);

    [TestMethod]
    public void TheEditorInsertsAtTheCursorAndRecallsTheHistory()
    {
        var history = new LineHistory(null);
        var screen = new StringWriter();
        ConsoleKeyInfo[] keys =
        [
            .. Type("!wrlwak 1"), Key(ConsoleKey.Home), Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow),
            Key(ConsoleKey.RightArrow), Key(ConsoleKey.RightArrow), .. Type("e"), Key('\r'),
            .. Type("second"), Key('\r'),
            Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.Backspace), .. Type("2"), Key('\r'),
        ];
        var editor = Editor(keys, screen, history);
        Assert.AreEqual("!wrlweak 1", editor.ReadLine("> "));
        Assert.AreEqual("second", editor.ReadLine("> "));
        Assert.AreEqual("!wrlweak 2", editor.ReadLine("> "));
        Assert.IsNull(editor.ReadLine("> "), "Ctrl+D on an empty line is the end of input");
        Assert.AreEqual(3, history.Count);
    }

    [TestMethod]
    public void TabInsertsASingleMatchAndListsSeveral()
    {
        var screen = new StringWriter();
        IReadOnlyList<string> Complete(string head, string word) =>
            new[] { "!wrlweak", "!wrlobj", "!wrlrefs" }.Where(c => head.Length == 0 && c.StartsWith(word, StringComparison.Ordinal)).ToList();
        ConsoleKeyInfo[] keys = [.. Type("!wrlw"), Key('\t'), .. Type("1"), Key('\r'), .. Type("!wr"), Key('\t'), Key('\r')];
        var editor = Editor(keys, screen, new LineHistory(null), Complete);
        Assert.AreEqual("!wrlweak 1", editor.ReadLine("> "));
        Assert.AreEqual("!wrl", editor.ReadLine("> "), "completed to the common part");
        StringAssert.DoesNotMatch(screen.ToString(), new System.Text.RegularExpressions.Regex("!wrlobj  "), "no list while the word could still grow");
    }

    [TestMethod]
    public void TheHistoryFileKeepsTheNewestThousandLines()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wrldbg-history-" + Guid.NewGuid().ToString("N"));
        var file = Path.Combine(dir, "analyze_history");
        try
        {
            var history = new LineHistory(file);
            for (int i = 0; i < 1005; i++) history.Add($"!wrlweak {i}");
            history.Add("!wrlweak 1004");
            history.Add("   ");
            var again = new LineHistory(file);
            Assert.AreEqual(1000, again.Count, "the documented cap");
            Assert.AreEqual("!wrlweak 5", again[0]);
            Assert.AreEqual("!wrlweak 1004", again[999], "a repeat of the last line is not added");
            Assert.AreEqual(1000, File.ReadAllLines(file).Length);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A user at a terminal: types a command, recalls it with the up arrow, completes a name and an option with Tab.</summary>
    [TestMethod]
    public void AtATerminalHistoryAndCompletionWork()
    {
        var dump = FixtureSet.File("x64", "weak_refs", ".dmp");
        if (!File.Exists(dump)) Missing($"{dump} is missing. {Prerequisites.Fixtures("x64").Reason}".TrimEnd());
        var python = FindOnPath("python3");
        if (python is null) Missing("python3 is not on PATH (the pseudo-terminal test drives the prompt with its pty module)");
        var manifest = FixtureManifest.Load(Path.ChangeExtension(dump, ".manifest.json"));
        var dead = manifest.Objects.First(o => o.Kind is null && o.ExpectedState == "target-destroyed");
        var alive = manifest.Objects.First(o => o.Kind is null && o.ExpectedState == "alive");
        var state = Path.Combine(Path.GetTempPath(), "wrldbg-pty-" + Guid.NewGuid().ToString("N"));
        try
        {
            var psi = new ProcessStartInfo(python!) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["XDG_STATE_HOME"] = state;
            string[] steps =
            [
                "expect:> ",
                $"send:!wrlweak 0x{dead.Address:x}\\r", "expect:verdict : target destroyed", "expect:> ",
                // Up arrow as the terminal sends it in the keypad mode .NET asks for.
                "send:\\x1bOA", $"expect:!wrlweak 0x{dead.Address:x}", "send:\\r", "expect:verdict : target destroyed", "expect:> ",
                $"send:!wrlw\\t0x{alive.Address:x}\\r", "expect:verdict : target alive", "expect:> ",
                "send:wrl\\t", "expect:wrlrefs", "send:\\x03", "expect:> ",
                $"send:wrlweak -fl\\twr\\t0x{alive.Address:x}\\r", "expect:verdict", "expect:> ",
                "send:\\x04",
            ];
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "pty_session.py") }.Concat(steps).Append("--")
                .Concat(["dotnet", Path.Combine(AppContext.BaseDirectory, "wrldbg.dll"), AnalyzeCommand.Name, dump]))
                psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            var screenTask = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var screen = screenTask.Result;
            Assert.AreEqual(0, process.ExitCode, $"{stderr}\n{screen}");
            Assert.IsTrue(screen.EndsWith("exit=0\n", StringComparison.Ordinal), screen);
            // Twice the destroyed target (typed, then recalled), once the live one through the completed name.
            Assert.AreEqual(2, Count(screen, "verdict : target destroyed, weak references outstanding"), screen);
            Assert.AreEqual(2, Count(screen, "verdict : target alive"), screen);
            // TAB on 'wrl' listed the candidates; on '!wrlw' and '-fl' it completed them.
            StringAssert.Contains(screen, "wrlobj   wrlrefs  wrlscan  wrlweak");
            StringAssert.Contains(screen, $"> !wrlweak 0x{alive.Address:x}");
            StringAssert.Contains(screen, $"> wrlweak -flavour wrl 0x{alive.Address:x}");
            var kept = File.ReadAllLines(Path.Combine(state, "wrldbg", "analyze_history"));
            CollectionAssert.AreEqual(new[] { $"!wrlweak 0x{dead.Address:x}", $"!wrlweak 0x{alive.Address:x}", $"wrlweak -flavour wrl 0x{alive.Address:x}" }, kept,
                "the recalled line is not stored twice in a row");
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    private static int Count(string text, string what)
    {
        int n = 0;
        for (int at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static void Missing(string reason)
    {
        if (Prerequisites.IsCi) Assert.Fail(reason);
        Assert.Inconclusive(reason);
    }
}
