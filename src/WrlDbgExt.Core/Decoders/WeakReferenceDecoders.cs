namespace WrlDbgExt.Core.Decoders;

/// <summary>
/// Every control-block flavour the core knows. Flavours register themselves from their own file
/// (a module initializer), so a new flavour touches nothing here.
/// </summary>
public static class WeakReferenceDecoders
{
    private static readonly List<IWeakReferenceDecoder> Registered = new();

    public static IReadOnlyList<IWeakReferenceDecoder> All
    {
        get { lock (Registered) return Registered.ToList(); }
    }

    public static void Register(IWeakReferenceDecoder decoder)
    {
        lock (Registered)
        {
            if (Registered.All(d => d.Flavour != decoder.Flavour)) Registered.Add(decoder);
        }
    }

    public static IWeakReferenceDecoder? ByTypeName(string typeName) =>
        All.FirstOrDefault(d => d.TypeName == typeName);
}
