using System.Text;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>
/// Writes the bytes for <see cref="MinidumpWriter"/>: header, stream directory, then SystemInfo, MiscInfo,
/// ModuleList, ThreadList, Exception and the memory list, each stream followed by the data it points at; the raw
/// memory comes last. Layouts are minidumpapiset.h's, little-endian, packed.
/// </summary>
internal sealed class MinidumpEmitter(
    TargetArchitecture architecture,
    MinidumpSystemEntry system,
    IReadOnlyList<MinidumpModuleEntry> modules,
    IReadOnlyList<MinidumpMemoryRegion> regions,
    IReadOnlyList<MinidumpThreadEntry> threads,
    MinidumpExceptionEntry? exception,
    uint? processId,
    uint timeDateStamp)
{
    private const uint Signature = 0x504D444D; // 'MDMP'
    private const uint Version = 0xA793;       // MINIDUMP_VERSION; the high word is implementation-specific
    private const int HeaderSize = 32;
    private const int DirectoryEntrySize = 12;
    private const int ModuleSize = 108;
    private const int ThreadSize = 48;
    private const ulong MiniDumpWithFullMemory = 0x2; // what dbghelp sets when it writes a Memory64List
    private const uint NormalPriorityClass = 0x20;

    private readonly MinidumpBuffer _out = new();
    private readonly List<(uint Type, uint Rva, uint Size)> _directory = [];
    private readonly ContextLayout _context = ContextLayout.For(architecture);

    // x86 dumps use MINIDUMP_MEMORY_LIST (32-bit sizes, per-range RVAs) like dbghelp's default; the 64-bit
    // targets use MINIDUMP_MEMORY64_LIST as full-memory dumps do, which is what ClrMD is tested against.
    private bool UseMemory64 => architecture != TargetArchitecture.X86;

    public byte[] Emit()
    {
        var streamCount = 3 + (processId is null ? 0 : 1) + (threads.Count == 0 ? 0 : 1) + (exception is null ? 0 : 1);
        _out.Skip(HeaderSize);
        _out.Skip(streamCount * DirectoryEntrySize);

        WriteSystemInfo();
        if (processId is { } pid) WriteMiscInfo(pid);
        WriteModuleList();
        var stackPatches = threads.Count == 0 ? [] : WriteThreadList();
        if (exception is not null) WriteException(exception);
        var dataRvas = UseMemory64 ? WriteMemory64List() : WriteMemoryList();

        // Thread stack descriptors point at the same bytes as the memory list's range for that stack.
        foreach (var (patchOffset, stackStart) in stackPatches)
            _out.PatchU32(patchOffset, dataRvas[stackStart]);

        WriteHeaderAndDirectory(streamCount);
        return _out.ToArray();
    }

    private void WriteHeaderAndDirectory(int streamCount)
    {
        if (_directory.Count != streamCount) throw new InvalidOperationException("stream count mismatch");
        var header = new MinidumpBuffer();
        header.WriteU32(Signature);
        header.WriteU32(Version);
        header.WriteU32((uint)streamCount);
        header.WriteU32(HeaderSize); // StreamDirectoryRva: the directory follows the header
        header.WriteU32(0);          // CheckSum: unused by readers
        header.WriteU32(timeDateStamp);
        header.WriteU64(UseMemory64 ? MiniDumpWithFullMemory : 0);
        foreach (var (type, rva, size) in _directory)
        {
            header.WriteU32(type);
            header.WriteU32(size);
            header.WriteU32(rva);
        }
        _out.PatchBytes(0, header.ToArray());
    }

    private uint BeginStream()
    {
        _out.Align(8);
        return _out.Position;
    }

    private void EndStream(uint type, uint rva) => _directory.Add((type, rva, _out.Position - rva));

    private void WriteSystemInfo()
    {
        var rva = BeginStream();
        _out.WriteU16(architecture switch
        {
            TargetArchitecture.X86 => 0,   // PROCESSOR_ARCHITECTURE_INTEL
            TargetArchitecture.X64 => 9,   // PROCESSOR_ARCHITECTURE_AMD64
            _ => 12,                       // PROCESSOR_ARCHITECTURE_ARM64
        });
        _out.WriteU16(architecture == TargetArchitecture.Arm64 ? (ushort)0 : (ushort)6); // ProcessorLevel: family 6
        _out.WriteU16(0);                                  // ProcessorRevision
        _out.WriteBytes([system.NumberOfProcessors, system.ProductType]);
        _out.WriteU32(system.MajorVersion);
        _out.WriteU32(system.MinorVersion);
        _out.WriteU32(system.BuildNumber);
        _out.WriteU32(system.PlatformId);
        var csdPatch = _out.Skip(4);                       // CSDVersionRva
        _out.WriteU16(0);                                  // SuiteMask
        _out.WriteU16(0);                                  // Reserved2
        var cpu = new byte[24];                            // CPU_INFORMATION union
        if (architecture != TargetArchitecture.Arm64) Encoding.ASCII.GetBytes("GenuineIntel").CopyTo(cpu, 0);
        _out.WriteBytes(cpu);
        EndStream(MinidumpWriter.StreamTypes.SystemInfo, rva);

        _out.PatchU32(csdPatch, _out.WriteMinidumpString(system.CsdVersion));
    }

    private void WriteMiscInfo(uint pid)
    {
        var rva = BeginStream();
        _out.WriteU32(24); // SizeOfInfo: the original MINIDUMP_MISC_INFO
        _out.WriteU32(1);  // Flags1: MINIDUMP_MISC1_PROCESS_ID, no times
        _out.WriteU32(pid);
        _out.Skip(12);     // ProcessCreateTime, ProcessUserTime, ProcessKernelTime
        EndStream(MinidumpWriter.StreamTypes.MiscInfo, rva);
    }

    private void WriteModuleList()
    {
        var rva = BeginStream();
        _out.WriteU32((uint)modules.Count);
        var starts = new uint[modules.Count];
        for (var i = 0; i < modules.Count; i++)
        {
            var m = modules[i];
            starts[i] = _out.Position;
            _out.WriteU64(m.BaseAddress);
            _out.WriteU32(m.Size);
            _out.WriteU32(0); // CheckSum
            _out.WriteU32(m.TimeDateStamp);
            _out.Skip(4);     // ModuleNameRva, patched below
            WriteFixedFileInfo(m);
            _out.Skip(8 + 8 + 8 + 8); // CvRecord (patched), MiscRecord, Reserved0, Reserved1
        }
        EndStream(MinidumpWriter.StreamTypes.ModuleList, rva);

        for (var i = 0; i < modules.Count; i++)
        {
            _out.PatchU32(starts[i] + 20, _out.WriteMinidumpString(modules[i].Path));
            if (modules[i].CvRecord is not { } cv) continue;
            _out.Align(4);
            _out.PatchU32(starts[i] + 76, (uint)cv.Length);
            _out.PatchU32(starts[i] + 80, _out.Position);
            _out.WriteBytes(cv);
        }
    }

    /// <summary>VS_FIXEDFILEINFO, 52 bytes; all zero when the module has no version (as for a missing resource).</summary>
    private void WriteFixedFileInfo(MinidumpModuleEntry module)
    {
        if (module.FileVersion is not { } v)
        {
            _out.Skip(52);
            return;
        }
        var ms = ((uint)v.Major << 16) | (uint)(ushort)v.Minor;
        var ls = ((uint)Math.Max(v.Build, 0) << 16) | (uint)(ushort)Math.Max(v.Revision, 0);
        var isExe = module.Path.EndsWith(".exe", StringComparison.OrdinalIgnoreCase);
        _out.WriteU32(0xFEEF04BD);  // dwSignature
        _out.WriteU32(0x00010000);  // dwStrucVersion 1.0
        _out.WriteU32(ms);          // dwFileVersionMS
        _out.WriteU32(ls);          // dwFileVersionLS
        _out.WriteU32(ms);          // dwProductVersionMS
        _out.WriteU32(ls);          // dwProductVersionLS
        _out.WriteU32(0x3F);        // dwFileFlagsMask: VS_FFI_FILEFLAGSMASK
        _out.WriteU32(0);           // dwFileFlags
        _out.WriteU32(0x00040004);  // dwFileOS: VOS_NT_WINDOWS32
        _out.WriteU32(isExe ? 1u : 2u); // dwFileType: VFT_APP / VFT_DLL
        _out.WriteU32(0);           // dwFileSubtype
        _out.WriteU32(0);           // dwFileDateMS
        _out.WriteU32(0);           // dwFileDateLS
    }

    /// <summary>Returns (offset of Stack.Rva, stack start) for each thread with stack bytes, patched once memory is laid out.</summary>
    private List<(uint PatchOffset, ulong StackStart)> WriteThreadList()
    {
        var rva = BeginStream();
        _out.WriteU32((uint)threads.Count);
        var starts = new uint[threads.Count];
        var stackPatches = new List<(uint, ulong)>();
        for (var i = 0; i < threads.Count; i++)
        {
            var t = threads[i];
            starts[i] = _out.Position;
            _out.WriteU32(t.Id);
            _out.WriteU32(0);                   // SuspendCount
            _out.WriteU32(NormalPriorityClass); // PriorityClass
            _out.WriteU32(0);                   // Priority
            _out.WriteU64(t.Teb);
            _out.WriteU64(t.StackStart);        // Stack.StartOfMemoryRange
            _out.WriteU32((uint)t.Stack.Length);
            var stackRva = _out.Skip(4);
            if (t.Stack.Length > 0) stackPatches.Add((stackRva, t.StackStart));
            _out.Skip(8);                       // ThreadContext, patched below
        }
        EndStream(MinidumpWriter.StreamTypes.ThreadList, rva);

        for (var i = 0; i < threads.Count; i++)
        {
            var (contextRva, contextSize) = WriteContext(threads[i].InstructionPointer, threads[i].StackPointer);
            _out.PatchU32(starts[i] + 40, contextSize);
            _out.PatchU32(starts[i] + 44, contextRva);
        }
        return stackPatches;
    }

    private (uint Rva, uint Size) WriteContext(ulong instructionPointer, ulong stackPointer)
    {
        _out.Align(16); // CONTEXT is 16-byte aligned in memory; keep file copies aligned too
        var rva = _out.Position;
        var context = _context.Create(instructionPointer, stackPointer);
        _out.WriteBytes(context);
        return (rva, (uint)context.Length);
    }

    private void WriteException(MinidumpExceptionEntry e)
    {
        var rva = BeginStream();
        _out.WriteU32(e.ThreadId);
        _out.WriteU32(0);                        // __alignment
        _out.WriteU32(e.Code);
        _out.WriteU32(0);                        // ExceptionFlags
        _out.WriteU64(0);                        // ExceptionRecord: no chained record
        _out.WriteU64(e.Address);
        _out.WriteU32((uint)e.Parameters.Length);
        _out.WriteU32(0);                        // __unusedAlignment
        for (var i = 0; i < 15; i++)
            _out.WriteU64(i < e.Parameters.Length ? e.Parameters[i] : 0);
        var contextPatch = _out.Skip(8);         // ThreadContext
        EndStream(MinidumpWriter.StreamTypes.Exception, rva);

        // The fault context is its own record (not the thread list's): IP at the faulting address, SP from the thread.
        var sp = threads.FirstOrDefault(t => t.Id == e.ThreadId)?.StackPointer ?? 0;
        var (contextRva, contextSize) = WriteContext(e.Address, sp);
        _out.PatchU32(contextPatch, contextSize);
        _out.PatchU32(contextPatch + 4, contextRva);
    }

    /// <summary>MINIDUMP_MEMORY_LIST: u32 count, {u64 start, u32 size, u32 rva} each, then the bytes.</summary>
    private Dictionary<ulong, uint> WriteMemoryList()
    {
        var rva = BeginStream();
        _out.WriteU32((uint)regions.Count);
        var descriptors = _out.Position;
        foreach (var region in regions)
        {
            _out.WriteU64(region.Address);
            _out.WriteU32((uint)region.Bytes.Length);
            _out.Skip(4);
        }
        EndStream(MinidumpWriter.StreamTypes.MemoryList, rva);

        var dataRvas = new Dictionary<ulong, uint>();
        for (var i = 0; i < regions.Count; i++)
        {
            _out.Align(4);
            dataRvas[regions[i].Address] = _out.Position;
            _out.PatchU32(descriptors + (uint)(i * 16) + 12, _out.Position);
            _out.WriteBytes(regions[i].Bytes);
        }
        return dataRvas;
    }

    /// <summary>MINIDUMP_MEMORY64_LIST: u64 count, u64 BaseRva, {u64 start, u64 size} each; one contiguous block at the end.</summary>
    private Dictionary<ulong, uint> WriteMemory64List()
    {
        var rva = BeginStream();
        _out.WriteU64((ulong)regions.Count);
        var baseRvaPatch = _out.Skip(8);
        foreach (var region in regions)
        {
            _out.WriteU64(region.Address);
            _out.WriteU64((ulong)region.Bytes.Length);
        }
        EndStream(MinidumpWriter.StreamTypes.Memory64List, rva);

        _out.Align(16);
        _out.PatchU64(baseRvaPatch, _out.Position);
        var dataRvas = new Dictionary<ulong, uint>();
        foreach (var region in regions)
        {
            dataRvas[region.Address] = _out.Position;
            _out.WriteBytes(region.Bytes);
        }
        return dataRvas;
    }
}
