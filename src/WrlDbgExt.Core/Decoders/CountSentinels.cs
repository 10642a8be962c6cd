namespace WrlDbgExt.Core.Decoders;

/// <summary>Values the libraries write into counts on purpose (winrt-internals.md §2.5).</summary>
public static class CountSentinels
{
    /// <summary>LONG_MAX: WRL's strong count sticks here; the object is leaked.</summary>
    public const int Saturated = int.MaxValue;

    /// <summary>LONG_MAX / 2: the transient strong count of a WeakReferenceImpl being created.</summary>
    public const int BeingCreated = int.MaxValue / 2;

    /// <summary>−(LONG_MAX / 2) = 0xC0000001: written by WRL destructors (~StrongReference, non-weak ~RuntimeClass).</summary>
    public const int WrlDestroyed = -(int.MaxValue / 2);

    /// <summary>0xC0000000: C++/CX writes it when the strong count reaches zero.</summary>
    public const int CxStrongZero = unchecked((int)0xC000_0000);
}
