using System.Buffers.Binary;

namespace WrlDbgExt.Dumps.Minidump;

/// <summary>
/// MINIDUMP_EXCEPTION_STREAM (stream 6): the faulting thread and its MINIDUMP_EXCEPTION
/// (code, flags, nested record address, address, parameter count, 15 u64 parameters).
/// </summary>
/// <param name="NestedRecord">Address of a chained EXCEPTION_RECORD in the target (0 when none).</param>
/// <param name="Parameters">The first NumberParameters entries of ExceptionInformation (at most 15, the array's size).</param>
/// <param name="ContextSize">Size of the fault CONTEXT record (the context at the exception, not the thread list's).</param>
public sealed record MinidumpExceptionRecord(
    uint ThreadId,
    uint Code,
    uint Flags,
    ulong NestedRecord,
    ulong Address,
    IReadOnlyList<ulong> Parameters,
    uint ContextSize,
    uint ContextRva)
{
    private const uint Size = 168;
    private const int MaximumParameters = 15;

    /// <summary>Throws when the record is short or outside the file; too many parameters is only a warning.</summary>
    internal static MinidumpExceptionRecord Read(MinidumpInput input, MinidumpDirectoryEntry stream, List<string> warnings)
    {
        const string what = "exception stream";
        if (stream.DataSize < Size)
            throw new MinidumpFormatException($"{what} is {stream.DataSize} bytes, fewer than the {Size} it needs");
        var raw = input.Read(stream.Rva, Size, what).AsSpan();
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(raw[32..]);
        if (count > MaximumParameters)
        {
            warnings.Add($"{what} claims {count} exception parameters, more than the {MaximumParameters} it can hold; the first {MaximumParameters} are shown");
            count = MaximumParameters;
        }
        var parameters = new ulong[count];
        for (int i = 0; i < parameters.Length; i++)
            parameters[i] = BinaryPrimitives.ReadUInt64LittleEndian(raw[(40 + 8 * i)..]);
        return new MinidumpExceptionRecord(
            BinaryPrimitives.ReadUInt32LittleEndian(raw),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[12..]),
            BinaryPrimitives.ReadUInt64LittleEndian(raw[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(raw[24..]),
            parameters,
            BinaryPrimitives.ReadUInt32LittleEndian(raw[160..]),
            BinaryPrimitives.ReadUInt32LittleEndian(raw[164..]));
    }
}
