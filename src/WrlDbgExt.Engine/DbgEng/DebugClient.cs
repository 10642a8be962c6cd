namespace WrlDbgExt.Engine.DbgEng;

/// <summary>IDebugClient (27FE5639-8407-4F47-8364-EE118FB08AC8): the output mask, to keep engine chatter out, and the dump file.</summary>
internal sealed unsafe class DebugClient(nint pointer) : ComInterface(pointer)
{
    public static readonly Guid Iid = new("27FE5639-8407-4F47-8364-EE118FB08AC8");

    /// <summary>
    /// Silences this client's output until disposed (GetOutputMask slot 35, SetOutputMask slot 36): a failed
    /// type lookup makes the engine print a 25-line "unqualified symbol" banner that is not ours to show.
    /// </summary>
    public IDisposable Mute()
    {
        uint mask = 0;
        if (((delegate* unmanaged<nint, uint*, int>)Slot(35))(Pointer, &mask) < 0) return new Restore(this, null);
        ((delegate* unmanaged<nint, uint, int>)Slot(36))(Pointer, 0);
        return new Restore(this, mask);
    }

    private static readonly Guid Client4Iid = new("CA83C3DE-5089-4CF8-93C8-D892387F2A5E");

    /// <summary>
    /// The open dump's file (IDebugClient4: GetNumberDumpFiles slot 63, GetDumpFileWide slot 65, index 0); null for a
    /// live target or when the engine does not say.
    /// </summary>
    public string? DumpFile()
    {
        nint p = Query(Pointer, Client4Iid);
        if (p == 0) return null;
        try
        {
            uint count = 0;
            if (((delegate* unmanaged<nint, uint*, int>)(*(void***)p)[63])(p, &count) < 0 || count == 0) return null;
            var buffer = new char[1024];
            uint length = 0, type = 0;
            ulong handle = 0;
            fixed (char* b = buffer)
                if (((delegate* unmanaged<nint, uint, char*, uint, uint*, ulong*, uint*, int>)(*(void***)p)[65])(p, 0, b, (uint)buffer.Length, &length, &handle, &type) < 0)
                    return null;
            int end = Array.IndexOf(buffer, '\0');
            string path = new(buffer, 0, end < 0 ? buffer.Length : end);
            return path.Length > 0 ? path : null;
        }
        finally
        {
            ((delegate* unmanaged<nint, uint>)(*(void***)p)[2])(p);
        }
    }

    private sealed class Restore(DebugClient client, uint? mask) : IDisposable
    {
        public void Dispose()
        {
            if (mask is { } m) ((delegate* unmanaged<nint, uint, int>)client.Slot(36))(client.Pointer, m);
        }
    }
}
