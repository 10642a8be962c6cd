"""Drives a program through a pseudo-terminal, as a user at a terminal would.

usage: pty_session.py STEP... -- PROGRAM ARG...
  send:TEXT    types TEXT (backslash escapes: \\r Enter, \\t Tab, \\x1b[A up arrow, \\x04 Ctrl+D)
  expect:TEXT  waits until the screen output since the last expect holds TEXT (fails after 120 s: a hang, not a speed check)
At the end it waits for the program to exit and prints everything the program wrote, then 'exit=N'.
"""
import codecs, os, pty, select, sys, time

def main():
    split = sys.argv.index("--")
    steps, program = sys.argv[1:split], sys.argv[split + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm"
        os.execvp(program[0], program)
    transcript = bytearray()
    mark = 0

    def pump(timeout):
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        transcript.extend(data)
        return True

    for step in steps:
        kind, _, text = step.partition(":")
        text = codecs.decode(text, "unicode_escape")
        if kind == "send":
            os.write(fd, text.encode())
        elif kind == "expect":
            deadline = time.monotonic() + 120
            while text.encode() not in transcript[mark:]:
                if time.monotonic() > deadline or not pump(1):
                    sys.stdout.write(transcript.decode(errors="replace"))
                    sys.stdout.write("\nNOT SEEN: %r\n" % text)
                    sys.exit(3)
            mark = transcript.index(text.encode(), mark) + len(text.encode())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and pump(1):
        pass
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(transcript.decode(errors="replace"))
    sys.stdout.write("\nexit=%d\n" % os.waitstatus_to_exitcode(status))

main()
