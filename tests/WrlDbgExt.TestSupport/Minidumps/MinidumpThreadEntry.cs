namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>One MINIDUMP_THREAD to write; its stack bytes are also captured as memory at StackStart.</summary>
internal sealed record MinidumpThreadEntry(
    uint Id, ulong Teb, ulong StackStart, byte[] Stack, ulong InstructionPointer, ulong StackPointer);
