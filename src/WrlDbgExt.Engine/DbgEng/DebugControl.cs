using System.Text;

namespace WrlDbgExt.Engine.DbgEng;

/// <summary>IDebugControl (5182E668-105E-416E-AD92-24EF800424BA): output, options, evaluation, Ctrl+Break.</summary>
internal sealed unsafe class DebugControl(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("5182E668-105E-416E-AD92-24EF800424BA");

    private const uint OutCtlAmbientDml = 0xFFFFFFFE;
    private const uint OutCtlAmbientText = 0xFFFFFFFF;
    public const uint OutputNormal = 1;
    public const uint OutputError = 2;
    private const uint EngOptPreferDml = 0x40000;
    private const uint DebugValueInt64 = 4;

    // The engine copies text into its own buffers; very long writes are split to stay far from any limit.
    private const int Chunk = 8192;

    /// <summary>
    /// ControlledOutput (slot 16, variadic) with the format "%s": data is never a format string.
    /// The text goes out in the process's ANSI code page, as the engine expects for PCSTR.
    /// </summary>
    public void Write(string text, uint mask, bool dml)
    {
        var write = (delegate* unmanaged<nint, uint, uint, byte*, byte*, int>)Slot(16);
        fixed (byte* format = "%s\0"u8)
        {
            for (int start = 0; start < text.Length; start += Chunk)
            {
                var piece = text.Substring(start, Math.Min(Chunk, text.Length - start));
                var bytes = Encoding.UTF8.GetBytes(piece + "\0");
                fixed (byte* data = bytes)
                    write(Pointer, dml ? OutCtlAmbientDml : OutCtlAmbientText, mask, format, data);
            }
        }
    }

    /// <summary>GetEngineOptions (slot 53) has DEBUG_ENGOPT_PREFER_DML (<c>.prefer_dml 1</c>).</summary>
    public bool PreferDml
    {
        get
        {
            uint options = 0;
            return ((delegate* unmanaged<nint, uint*, int>)Slot(53))(Pointer, &options) >= 0 && (options & EngOptPreferDml) != 0;
        }
    }

    /// <summary>GetInterrupt (slot 3): S_OK means the user pressed Ctrl+Break.</summary>
    public bool Interrupted => ((delegate* unmanaged<nint, int>)Slot(3))(Pointer) == 0;

    /// <summary>IsPointer64Bit (slot 42).</summary>
    public bool IsPointer64Bit => ((delegate* unmanaged<nint, int>)Slot(42))(Pointer) == 0;

    /// <summary>GetEffectiveProcessorType (slot 47): an IMAGE_FILE_MACHINE_* value.</summary>
    public uint EffectiveProcessorType
    {
        get
        {
            uint type = 0;
            return ((delegate* unmanaged<nint, uint*, int>)Slot(47))(Pointer, &type) >= 0 ? type : 0;
        }
    }

    /// <summary>
    /// GetStackTrace (slot 31) of the current thread from its registers (offsets 0): DEBUG_STACK_FRAME is 128 bytes,
    /// InstructionOffset at 0, StackOffset at 24, FrameNumber at 124 (dbgeng.h; docs/debugger-engine.md §2).
    /// </summary>
    public IReadOnlyList<(uint Number, ulong Instruction, ulong Stack)> StackTrace(int max = 256)
    {
        const int FrameBytes = 128;
        var frames = new byte[max * FrameBytes];
        uint filled = 0;
        int hr;
        fixed (byte* p = frames)
            hr = ((delegate* unmanaged<nint, ulong, ulong, ulong, byte*, uint, uint*, int>)Slot(31))(Pointer, 0, 0, 0, p, (uint)max, &filled);
        if (hr < 0) return [];
        var result = new List<(uint, ulong, ulong)>();
        for (int i = 0; i < Math.Min(filled, (uint)max); i++)
        {
            var f = frames.AsSpan(i * FrameBytes, FrameBytes);
            result.Add((BitConverter.ToUInt32(f[124..]), BitConverter.ToUInt64(f), BitConverter.ToUInt64(f[24..])));
        }
        return result;
    }

    /// <summary>Evaluate (slot 63) as a 64-bit integer with the engine's current syntax (MASM by default).</summary>
    public bool TryEvaluate(string expression, out ulong value, out string error)
    {
        value = 0;
        var bytes = Encoding.UTF8.GetBytes(expression + "\0");
        var result = stackalloc byte[32]; // DEBUG_VALUE: 24-byte union, TailOfRawBytes, Type
        uint remainder = 0;
        int hr;
        fixed (byte* text = bytes)
            hr = ((delegate* unmanaged<nint, byte*, uint, byte*, uint*, int>)Slot(63))(Pointer, text, DebugValueInt64, result, &remainder);
        if (hr < 0)
        {
            error = $"the debugger could not evaluate it (0x{hr:x8})";
            return false;
        }
        if (remainder < bytes.Length - 1 && expression[(int)Math.Min(remainder, (uint)expression.Length)..].Trim().Length > 0)
        {
            error = $"unexpected text at offset {remainder}";
            return false;
        }
        value = *(ulong*)result;
        error = "";
        return true;
    }
}
