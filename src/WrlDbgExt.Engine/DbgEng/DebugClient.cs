namespace WrlDbgExt.Engine.DbgEng;

/// <summary>IDebugClient (27FE5639-8407-4F47-8364-EE118FB08AC8): only the output mask, to keep engine chatter out.</summary>
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

    private sealed class Restore(DebugClient client, uint? mask) : IDisposable
    {
        public void Dispose()
        {
            if (mask is { } m) ((delegate* unmanaged<nint, uint, int>)client.Slot(36))(client.Pointer, m);
        }
    }
}
