using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// One MINIDUMP_THREAD_NAME of the thread-name list (stream 24): <c>u32 ThreadId</c> and a 64-bit RVA
/// of a MINIDUMP_STRING, packed to 12 bytes.
/// </summary>
public sealed record MinidumpThreadName(uint ThreadId, string Name)
{
    internal const uint Size = 12;

    /// <summary>A bad list throws; an entry whose name is damaged is left out, with a warning.</summary>
    internal static IReadOnlyList<MinidumpThreadName> ReadList(MinidumpInput input, MinidumpDirectoryEntry stream, List<string> warnings)
    {
        var (entries, count) = input.ReadList(stream, Size, "thread-name list");
        var names = new List<MinidumpThreadName>((int)count);
        for (int i = 0; i < count; i++)
        {
            var raw = entries.AsSpan(i * (int)Size, (int)Size);
            uint threadId = BinaryPrimitives.ReadUInt32LittleEndian(raw);
            ulong rva = BinaryPrimitives.ReadUInt64LittleEndian(raw[4..]);
            try
            {
                names.Add(new MinidumpThreadName(threadId, input.ReadString(rva, $"thread-name entry {i} (thread 0x{threadId:x}): name")));
            }
            catch (MinidumpFormatException ex)
            {
                warnings.Add($"{ex.Message}; the thread is listed without a name");
            }
        }
        return names;
    }
}
