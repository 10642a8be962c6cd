namespace WrlDbgExt.TestSupport.Minidumps;

/// <summary>One MINIDUMP_MODULE to write; CvRecord is the already encoded RSDS/NB10 record, or null for none.</summary>
internal sealed record MinidumpModuleEntry(
    string Path, ulong BaseAddress, uint Size, uint TimeDateStamp, Version? FileVersion, byte[]? CvRecord);
