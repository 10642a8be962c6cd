using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// One MINIDUMP_THREAD_NAME of the thread-name list (stream 24): <c>u32 ThreadId</c> and a 64-bit RVA
/// of a MINIDUMP_STRING, packed to 12 bytes.
/// </summary>
public sealed record MinidumpThreadName(uint ThreadId, string Name)
{
    internal const uint Size = 12;

    internal static IReadOnlyList<MinidumpThreadName> ReadList(MinidumpInput input, MinidumpDirectoryEntry stream)
    {
        var (entries, count) = input.ReadList(stream, Size, "thread-name list");
        var names = new MinidumpThreadName[count];
        for (int i = 0; i < names.Length; i++)
        {
            var raw = entries.AsSpan(i * (int)Size, (int)Size);
            ulong rva = BinaryPrimitives.ReadUInt64LittleEndian(raw[4..]);
            names[i] = new MinidumpThreadName(
                BinaryPrimitives.ReadUInt32LittleEndian(raw),
                input.ReadString(rva, $"thread-name list entry {i} name"));
        }
        return names;
    }
}
