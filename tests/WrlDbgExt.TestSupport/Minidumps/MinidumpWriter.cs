using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>
/// Lays out a Windows minidump byte for byte so tests can put objects at known addresses and open the result with
/// ClrMD or our own readers. x86 memory goes to a MemoryList stream, x64/ARM64 memory to a Memory64List stream.
/// Build is deterministic: the same calls give the same bytes (default timestamp included).
/// </summary>
public sealed partial class MinidumpWriter
{
    /// <summary>Header timestamp used unless <see cref="SetTimestamp"/> is called (fixed, for determinism).</summary>
    public static readonly DateTimeOffset DefaultTimestamp = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxExceptionParameters = 15; // EXCEPTION_MAXIMUM_PARAMETERS

    private readonly List<MinidumpModuleEntry> _modules = [];
    private readonly List<MinidumpMemoryRegion> _memory = [];
    private readonly List<MinidumpThreadEntry> _threads = [];
    private MinidumpSystemEntry _system = new(10, 0, 19045, "", 2, 1, 2);
    private MinidumpExceptionEntry? _exception;
    private uint? _processId;
    private DateTimeOffset _timestamp = DefaultTimestamp;

    public MinidumpWriter(TargetArchitecture architecture)
    {
        if (architecture is not (TargetArchitecture.X86 or TargetArchitecture.X64 or TargetArchitecture.Arm64))
            throw new ArgumentOutOfRangeException(nameof(architecture), architecture, "x86, x64 or ARM64 only");
        Architecture = architecture;
    }

    public TargetArchitecture Architecture { get; }

    /// <summary>OS part of SystemInfo. Defaults: Windows 10.0.19045, 2 processors, workstation, VER_PLATFORM_WIN32_NT.</summary>
    public MinidumpWriter SetSystem(
        uint major, uint minor, uint build, string csd = "", byte processors = 2, byte productType = 1, uint platformId = 2)
    {
        ArgumentNullException.ThrowIfNull(csd);
        _system = new MinidumpSystemEntry(major, minor, build, csd, processors, productType, platformId);
        return this;
    }

    /// <summary>
    /// Adds a module; with <paramref name="pdbGuid"/> it gets an RSDS CodeView record (pdbPath defaults to the
    /// module's file name with a .pdb extension). A null <paramref name="fileVersion"/> leaves VS_FIXEDFILEINFO all zero.
    /// </summary>
    public MinidumpWriter AddModule(
        string path, ulong baseAddress, uint size, uint timeDateStamp = 0, Version? fileVersion = null,
        Guid? pdbGuid = null, uint pdbAge = 1, string? pdbPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (pdbGuid is null && pdbPath is not null)
            throw new ArgumentException("a PDB path needs a PDB GUID", nameof(pdbPath));
        CheckRange(baseAddress, size, nameof(baseAddress));
        var cv = pdbGuid is { } guid ? CodeViewRecord.Rsds(guid, pdbAge, pdbPath ?? DefaultPdbName(path)) : null;
        _modules.Add(new MinidumpModuleEntry(path, baseAddress, size, timeDateStamp, fileVersion, cv));
        return this;
    }

    /// <summary>Adds a module whose CodeView record is the older NB10 form (signature = timestamp-like id).</summary>
    public MinidumpWriter AddModuleNb10(
        string path, ulong baseAddress, uint size, uint timeDateStamp, uint signature, uint age, string pdbPath,
        Version? fileVersion = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(pdbPath);
        CheckRange(baseAddress, size, nameof(baseAddress));
        var cv = CodeViewRecord.Nb10(signature, age, pdbPath);
        _modules.Add(new MinidumpModuleEntry(path, baseAddress, size, timeDateStamp, fileVersion, cv));
        return this;
    }

    /// <summary>Captures <paramref name="bytes"/> at <paramref name="address"/>. Regions must not overlap (checked at Build).</summary>
    public MinidumpWriter AddMemory(ulong address, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0) throw new ArgumentException("empty memory region", nameof(bytes));
        if (address == 0) throw new ArgumentOutOfRangeException(nameof(address), "ClrMD never reads address 0");
        CheckRange(address, (ulong)bytes.Length, nameof(address));
        _memory.Add(new MinidumpMemoryRegion(address, (byte[])bytes.Clone()));
        return this;
    }

    /// <summary>
    /// Adds a thread with a CONTEXT whose instruction pointer is <paramref name="instructionPointer"/> and stack
    /// pointer <paramref name="stackPointer"/> (default: <paramref name="stackStart"/>). The stack bytes are also
    /// captured as memory at <paramref name="stackStart"/>.
    /// </summary>
    public MinidumpWriter AddThread(
        uint id, ulong teb, ulong stackStart, byte[] stack, ulong instructionPointer = 0, ulong? stackPointer = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        if (_threads.Exists(t => t.Id == id)) throw new ArgumentException($"thread {id} added twice", nameof(id));
        if (stack.Length > 0 && stackStart == 0) throw new ArgumentOutOfRangeException(nameof(stackStart), "stack at address 0");
        CheckRange(teb, 0, nameof(teb));
        CheckRange(stackStart, (ulong)stack.Length, nameof(stackStart));
        CheckRange(instructionPointer, 0, nameof(instructionPointer));
        var sp = stackPointer ?? stackStart;
        CheckRange(sp, 0, nameof(stackPointer));
        _threads.Add(new MinidumpThreadEntry(id, teb, stackStart, (byte[])stack.Clone(), instructionPointer, sp));
        return this;
    }

    /// <summary>Sets the exception stream; its own context has the instruction pointer at <paramref name="address"/>.</summary>
    public MinidumpWriter SetException(uint threadId, uint code, ulong address, params ulong[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Length > MaxExceptionParameters)
            throw new ArgumentException($"at most {MaxExceptionParameters} exception parameters", nameof(parameters));
        CheckRange(address, 0, nameof(address));
        _exception = new MinidumpExceptionEntry(threadId, code, address, (ulong[])parameters.Clone());
        return this;
    }

    /// <summary>Adds a MiscInfo stream carrying the process id (ClrMD's DataReader.ProcessId; -1 without it).</summary>
    public MinidumpWriter SetProcessId(uint processId)
    {
        _processId = processId;
        return this;
    }

    /// <summary>Header TimeDateStamp (seconds since 1970, UTC).</summary>
    public MinidumpWriter SetTimestamp(DateTimeOffset timestamp)
    {
        var seconds = timestamp.ToUnixTimeSeconds();
        if (seconds is < 0 or > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "not representable as a 32-bit time_t");
        _timestamp = timestamp;
        return this;
    }

    public byte[] Build()
    {
        var emitter = new MinidumpEmitter(
            Architecture, _system, _modules, CollectRegions(), _threads, _exception, _processId,
            (uint)_timestamp.ToUnixTimeSeconds());
        return emitter.Emit();
    }

    public void WriteTo(string path) => File.WriteAllBytes(path, Build());

    /// <summary>User regions plus non-empty thread stacks, sorted by address; overlaps are a test-authoring error.</summary>
    private List<MinidumpMemoryRegion> CollectRegions()
    {
        var regions = new List<MinidumpMemoryRegion>(_memory);
        regions.AddRange(_threads.Where(t => t.Stack.Length > 0).Select(t => new MinidumpMemoryRegion(t.StackStart, t.Stack)));
        regions.Sort((a, b) => a.Address.CompareTo(b.Address));
        for (var i = 1; i < regions.Count; i++)
        {
            if (regions[i].Address < regions[i - 1].End)
                throw new InvalidOperationException(
                    $"memory regions overlap: 0x{regions[i - 1].Address:X}..0x{regions[i - 1].End:X} and 0x{regions[i].Address:X}");
        }
        return regions;
    }

    /// <summary>x86 addresses must fit in 32 bits; everything must not wrap around.</summary>
    private void CheckRange(ulong address, ulong length, string paramName)
    {
        var outside = Architecture == TargetArchitecture.X86
            ? address > uint.MaxValue || length > (1UL << 32) - address
            : length > ulong.MaxValue - address;
        if (outside)
            throw new ArgumentOutOfRangeException(paramName, $"0x{address:X} + 0x{length:X} is outside the {Architecture.DisplayName()} address space");
    }

    private static string DefaultPdbName(string modulePath)
    {
        var name = modulePath[(modulePath.LastIndexOfAny(['\\', '/']) + 1)..];
        return Path.ChangeExtension(name, ".pdb");
    }
}
