using System.Globalization;

namespace WrlDbgExt.Engine.DataModel;

/// <summary>
/// Values and objects for the engine's data model, made through the manager: intrinsics, typed target objects,
/// synthetic objects with keys, lists, and models (computed properties and a display string). Every method returns
/// a new reference that the caller hands to the engine (or releases); arguments are borrowed.
/// </summary>
internal sealed class ModelValues(DataModelHost host)
{
    public nint Of(object? value) => value switch
    {
        null => host.Manager.NoValue(),
        string s => host.Manager.String(s),
        bool b => host.Manager.Intrinsic(ModelConstants.Intrinsic, Variant.Of(b)),
        int i => host.Manager.Intrinsic(ModelConstants.Intrinsic, Variant.Of(i)),
        uint u => host.Manager.Intrinsic(ModelConstants.Intrinsic, new Variant { Type = ModelConstants.VtUi4, Value = u }),
        long l => host.Manager.Intrinsic(ModelConstants.Intrinsic, Variant.Of(l)),
        ulong u => host.Manager.Intrinsic(ModelConstants.Intrinsic, Variant.OfUnsigned(u)),
        _ => host.Manager.String(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>
    /// <c>*(TYPE*)0xADDRESS</c> as the engine types it (so our models apply to it too), or the pointer itself when
    /// <paramref name="pointer"/>. 0 when the engine does not know the type.
    /// </summary>
    public nint Typed(string type, ulong address, bool pointer = false) =>
        host.Evaluator.Evaluate(string.Create(CultureInfo.InvariantCulture, $"{(pointer ? "" : "*")}({type}*)0x{address:x}"));

    /// <summary>An address, shown in hex as the engine shows a <c>void*</c>; NoValue for none.</summary>
    public nint Address(ulong? address)
    {
        if (address is not { } a || a == 0) return host.Manager.NoValue();
        nint p = Typed("void", a, pointer: true);
        return p != 0 ? p : Of(a);
    }

    /// <summary>A synthetic object with the given keys (their values are released here) and a display string.</summary>
    public nint Object(IEnumerable<(string Key, nint Value)> keys, string? display = null)
    {
        nint o = host.Manager.Synthetic();
        if (o == 0) return host.Manager.NoValue();
        foreach (var (key, value) in keys)
        {
            ModelObject.SetKey(o, key, value);
            ModelObject.Release(value);
        }
        if (display is not null) SetDisplay(o, _ => display);
        return o;
    }

    /// <summary>A synthetic object listing <paramref name="items"/> (iterable and indexable; each made when asked for).</summary>
    public nint List(IReadOnlyList<Func<nint>> items, string display)
    {
        nint context = host.CurrentContext();
        nint o = host.Manager.Synthetic(context);
        ModelObject.Release(context);
        if (o == 0) return host.Manager.NoValue();
        var list = new ModelList(host, items);
        nint iterable = ComObjects.Interface(list, typeof(IIterableConcept).GUID), indexable = ComObjects.Interface(list, typeof(IIndexableConcept).GUID);
        ModelObject.SetConcept(o, typeof(IIterableConcept).GUID, iterable);
        ModelObject.SetConcept(o, typeof(IIndexableConcept).GUID, indexable);
        ModelObject.Release(iterable);
        ModelObject.Release(indexable);
        SetDisplay(o, _ => display);
        return o;
    }

    /// <summary>A data model: each property computed from the context object when read, and a display string.</summary>
    public nint Model(IEnumerable<(string Key, Func<nint, nint> Get)> properties, Func<nint, string>? display)
    {
        nint concept = ComObjects.Interface(new ModelConcept(), typeof(IDataModelConcept).GUID);
        nint model = host.Manager.DataModel(concept);
        ModelObject.Release(concept);
        if (model == 0) return 0;
        foreach (var (key, get) in properties) SetProperty(model, key, get);
        if (display is not null) SetDisplay(model, display);
        return model;
    }

    public void SetProperty(nint model, string key, Func<nint, nint> get)
    {
        nint accessor = ComObjects.Interface(new ModelProperty(host, get), typeof(IModelPropertyAccessor).GUID);
        SetBoxed(model, key, ModelConstants.PropertyAccessor, accessor);
    }

    public void SetMethod(nint model, string key, Func<nint[], nint> call)
    {
        nint method = ComObjects.Interface(new ModelMethod(host, call), typeof(IModelMethod).GUID);
        SetBoxed(model, key, ModelConstants.Method, method);
    }

    // A property accessor or method is a key whose value is an intrinsic of that kind holding the interface.
    private void SetBoxed(nint model, string key, int kind, nint unknown)
    {
        nint boxed = host.Manager.Intrinsic(kind, Variant.Unknown(unknown));
        ModelObject.Release(unknown);
        ModelObject.SetKey(model, key, boxed);
        ModelObject.Release(boxed);
    }

    private static void SetDisplay(nint model, Func<nint, string> display)
    {
        nint concept = ComObjects.Interface(new ModelDisplay(display), typeof(IStringDisplayableConcept).GUID);
        ModelObject.SetConcept(model, typeof(IStringDisplayableConcept).GUID, concept);
        ModelObject.Release(concept);
    }
}
