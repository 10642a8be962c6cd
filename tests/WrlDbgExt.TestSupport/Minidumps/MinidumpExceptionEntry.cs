namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>The MINIDUMP_EXCEPTION_STREAM to write (at most EXCEPTION_MAXIMUM_PARAMETERS = 15 parameters).</summary>
internal sealed record MinidumpExceptionEntry(uint ThreadId, uint Code, ulong Address, ulong[] Parameters);
