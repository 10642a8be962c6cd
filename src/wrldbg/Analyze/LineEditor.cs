using System.Text;

namespace WrlDbgExt.Cli.Analyze;

/// <summary>
/// A one-line editor on the console's keys: insert and delete, the cursor keys and Emacs keys (Ctrl+A/E/B/F/U/K/W),
/// history on up and down, Tab completion (a single match is inserted, several are completed to their common part
/// and listed), Ctrl+C drops the line, Ctrl+D on an empty line is the end of input. A line wider than the terminal
/// scrolls sideways. Written on System.Console (no reflection), so it works in a NativeAOT build too.
/// </summary>
/// <param name="readKey">The next key, not echoed.</param>
/// <param name="output">The terminal.</param>
/// <param name="width">The terminal's width in columns.</param>
/// <param name="complete">Candidates for the word being typed, given the line before it and the word.</param>
internal sealed class LineEditor(Func<ConsoleKeyInfo> readKey, TextWriter output, Func<int> width, LineHistory history,
    Func<string, string, IReadOnlyList<string>> complete)
{
    private readonly StringBuilder _text = new();
    private int _cursor;
    private int _scroll;
    private string _prompt = "";

    /// <summary>The line typed, without its end; null at the end of input.</summary>
    public string? ReadLine(string prompt)
    {
        _prompt = prompt;
        _text.Clear();
        _cursor = 0;
        _scroll = 0;
        int browsing = history.Count;
        string draft = "";
        Redraw();
        while (true)
        {
            var key = readKey();
            bool control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
            char c = key.KeyChar;
            if (key.Key == ConsoleKey.Enter || c is '\r' or '\n')
            {
                output.Write("\n");
                var line = _text.ToString();
                history.Add(line);
                return line;
            }
            if (c == '\x04' || (control && key.Key == ConsoleKey.D))
            {
                if (_text.Length == 0)
                {
                    output.Write("\n");
                    return null;
                }
                if (_cursor < _text.Length) _text.Remove(_cursor, 1);
            }
            else if (c == '\x03' || (control && key.Key == ConsoleKey.C))
            {
                output.Write("^C\n");
                _text.Clear();
                _cursor = 0;
                _scroll = 0;
                browsing = history.Count;
            }
            else if (key.Key == ConsoleKey.Tab || c == '\t') Complete();
            else if (key.Key == ConsoleKey.Backspace || c is '\b' or '\x7f')
            {
                if (_cursor > 0) _text.Remove(--_cursor, 1);
            }
            else if (key.Key == ConsoleKey.Delete)
            {
                if (_cursor < _text.Length) _text.Remove(_cursor, 1);
            }
            else if (key.Key == ConsoleKey.LeftArrow || c == '\x02') _cursor = Math.Max(0, _cursor - 1);
            else if (key.Key == ConsoleKey.RightArrow || c == '\x06') _cursor = Math.Min(_text.Length, _cursor + 1);
            else if (key.Key == ConsoleKey.Home || c == '\x01') _cursor = 0;
            else if (key.Key == ConsoleKey.End || c == '\x05') _cursor = _text.Length;
            else if (key.Key == ConsoleKey.UpArrow || c == '\x10')
            {
                if (browsing > 0)
                {
                    if (browsing == history.Count) draft = _text.ToString();
                    Replace(history[--browsing]);
                }
            }
            else if (key.Key == ConsoleKey.DownArrow || c == '\x0e')
            {
                if (browsing < history.Count)
                    Replace(++browsing == history.Count ? draft : history[browsing]);
            }
            else if (key.Key == ConsoleKey.Escape) Replace("");
            else if (c == '\x15')
            {
                _text.Remove(0, _cursor);
                _cursor = 0;
            }
            else if (c == '\x0b') _text.Length = _cursor;
            else if (c == '\x17')
            {
                int start = _cursor;
                while (start > 0 && _text[start - 1] == ' ') start--;
                while (start > 0 && _text[start - 1] != ' ') start--;
                _text.Remove(start, _cursor - start);
                _cursor = start;
            }
            else if (c == '\x0c') output.Write("\x1b[2J\x1b[H");
            else if (c != '\0' && !char.IsControl(c))
            {
                _text.Insert(_cursor++, c);
            }
            Redraw();
        }
    }

    private void Replace(string text)
    {
        _text.Clear().Append(text);
        _cursor = _text.Length;
    }

    private void Complete()
    {
        var line = _text.ToString();
        int start = _cursor;
        while (start > 0 && line[start - 1] is not (' ' or '\t')) start--;
        string word = line[start.._cursor];
        var candidates = complete(line[..start], word);
        if (candidates.Count == 0) return;
        if (candidates.Count == 1)
        {
            var only = candidates[0];
            Insert(start, word.Length, only.EndsWith('!') ? only : only + " ");
            return;
        }
        int common = candidates.Min(s => s.Length);
        foreach (var s in candidates)
            for (int i = 0; i < common; i++)
                if (char.ToLowerInvariant(s[i]) != char.ToLowerInvariant(candidates[0][i])) { common = i; break; }
        if (common > word.Length)
        {
            Insert(start, word.Length, candidates[0][..common]);
            return;
        }
        // Nothing more in common: show them under the line, then the line again.
        output.Write("\n" + Columns(candidates));
        _scroll = 0;
    }

    private void Insert(int start, int replaced, string text)
    {
        _text.Remove(start, replaced).Insert(start, text);
        _cursor = start + text.Length;
    }

    private string Columns(IReadOnlyList<string> items)
    {
        int column = items.Max(s => s.Length) + 2;
        int perLine = Math.Max(1, Width() / column);
        var sb = new StringBuilder();
        for (int i = 0; i < items.Count; i++)
        {
            bool last = (i + 1) % perLine == 0 || i == items.Count - 1;
            sb.Append(last ? items[i] : items[i].PadRight(column));
            if (last) sb.Append('\n');
        }
        return sb.ToString();
    }

    private int Width()
    {
        int w = width();
        return w < 20 ? 80 : w;
    }

    /// <summary>Writes the prompt and the part of the line that fits, and puts the cursor where it is in the line.</summary>
    private void Redraw()
    {
        int room = Math.Max(10, Width() - _prompt.Length - 1);
        if (_text.Length <= room) _scroll = 0;
        else if (_cursor < _scroll) _scroll = _cursor;
        else if (_cursor > _scroll + room) _scroll = _cursor - room;
        _scroll = Math.Min(_scroll, Math.Max(0, _text.Length - room));
        int shown = Math.Min(room, _text.Length - _scroll);
        var sb = new StringBuilder("\r").Append(_prompt).Append(_text, _scroll, shown).Append("\x1b[K");
        int back = shown - (_cursor - _scroll);
        if (back > 0) sb.Append("\x1b[").Append(back).Append('D');
        output.Write(sb.ToString());
        output.Flush();
    }
}
