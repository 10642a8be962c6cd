using System.Diagnostics;
using System.Net.Sockets;
using WrlDbgExt.Dumps.Minidump;

namespace WrlDbgExt.Dumps.Tests;

/// <summary>
/// FIFOs, devices and sockets are refused before anything opens them (opening a FIFO blocks until a writer
/// comes); ELF files are named. Every open of a special file runs under a deadline, and a blocked reader is
/// released by opening the FIFO's other end, so these tests cannot hang.
/// </summary>
[TestClass]
public sealed class SpecialFileTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [TestMethod]
    public void Fifo_IsRefusedWithoutBlocking()
    {
        using var dir = new ScratchDirectory();
        var fifo = MakeFifo(dir, "dump.fifo");

        var ex = OpenWithDeadline(fifo, () => MinidumpTarget.Open(fifo));

        Assert.IsInstanceOfType<DumpOpenException>(ex);
        Assert.AreEqual($"{fifo}: is not a regular file (a FIFO)", ex.Message);
    }

    [TestMethod]
    public void Fifo_IsRefusedByTheFileParserToo()
    {
        using var dir = new ScratchDirectory();
        var fifo = MakeFifo(dir, "dump.fifo");

        var ex = OpenWithDeadline(fifo, () => MinidumpFile.Read(fifo));

        Assert.IsInstanceOfType<IOException>(ex);
        StringAssert.EndsWith(ex.Message, "is not a regular file (a FIFO)");
    }

    [TestMethod]
    public void SymbolicLinkToAFifo_IsRefused()
    {
        using var dir = new ScratchDirectory();
        var fifo = MakeFifo(dir, "real.fifo");
        var link = Path.Combine(dir.Path, "link.dmp");
        File.CreateSymbolicLink(link, fifo);

        var ex = OpenWithDeadline(fifo, () => MinidumpTarget.Open(link));

        Assert.AreEqual($"{link}: is not a regular file (a FIFO)", ex.Message);
    }

    [TestMethod]
    public void SymbolicLinkToADump_Opens()
    {
        using var dump = new TempDumpFile(CraftedDumps.Complete());
        var link = dump.Path + ".link";
        File.CreateSymbolicLink(link, dump.Path);
        try
        {
            using var target = MinidumpTarget.Open(link);
            Assert.AreEqual(2, target.Modules.Count);
        }
        finally
        {
            File.Delete(link);
        }
    }

    [TestMethod]
    public void CharacterDevice_IsRefused()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/dev/zero"))
            Assert.Inconclusive("needs /dev/zero");

        // /dev/zero never ends: reading it as a dump would be the hang.
        var ex = OpenWithDeadline(null, () => MinidumpTarget.Open("/dev/zero"));

        Assert.AreEqual("/dev/zero: is not a regular file (a character device)", ex.Message);
    }

    [TestMethod]
    public void UnixSocket_IsRefused()
    {
        if (OperatingSystem.IsWindows())
            Assert.Inconclusive("Unix-domain socket files are a Unix test");
        using var dir = new ScratchDirectory();
        var path = Path.Combine(dir.Path, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var ex = OpenWithDeadline(null, () => MinidumpTarget.Open(path));

        Assert.AreEqual($"{path}: is not a regular file (a socket)", ex.Message);
    }

    [TestMethod]
    public void ElfCoreFile_IsNamedAsSuch()
    {
        var core = new byte[64];
        "\u007fELF"u8.CopyTo(core);
        core[4] = 2; // ELFCLASS64
        core[5] = 1; // little-endian
        core[16] = 4; // e_type = ET_CORE
        using var file = new TempDumpFile(core, "core.1234");

        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(file.Path));

        Assert.AreEqual($"{file.Path}: an ELF core file, not a Windows minidump", ex.Message);
    }

    [TestMethod]
    public void ElfExecutable_IsNamedAsAnElfFile()
    {
        var exe = new byte[64];
        "\u007fELF"u8.CopyTo(exe);
        exe[4] = 2;
        exe[5] = 1;
        exe[16] = 2; // e_type = ET_EXEC
        using var file = new TempDumpFile(exe, "a.out");

        var ex = Assert.ThrowsExactly<DumpOpenException>(() => MinidumpTarget.Open(file.Path));

        Assert.AreEqual($"{file.Path}: an ELF file, not a minidump", ex.Message);
    }

    /// <summary>Runs <paramref name="open"/> on a worker and returns what it threw; a FIFO reader stuck in open is released.</summary>
    private static Exception OpenWithDeadline(string? fifo, Action open)
    {
        var task = Task.Run(open);
        if (Task.WhenAny(task, Task.Delay(Deadline)).GetAwaiter().GetResult() != task)
        {
            if (fifo is not null)
            {
                using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write); // unblocks the reader's open
            }
            Assert.Fail($"open did not return within {Deadline.TotalSeconds} s: it blocked on the special file");
        }
        Assert.IsTrue(task.IsFaulted, "opening a special file must fail");
        var ex = task.Exception!.InnerException!;
        Assert.IsFalse(ex.Message.Contains('\n'), ex.Message);
        return ex;
    }

    private static string MakeFifo(ScratchDirectory dir, string name)
    {
        if (OperatingSystem.IsWindows())
            Assert.Inconclusive("mkfifo is a Unix test");
        var path = Path.Combine(dir.Path, name);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.AreEqual(0, mkfifo.ExitCode, "mkfifo failed");
        return path;
    }

    private sealed class ScratchDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("wrldbgext-special-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
