using WrlDbgExt.Core.Buffers;
using WrlDbgExt.Core.Decoders;
using WrlDbgExt.Core.Flavours;
using WrlDbgExt.Core.Holders;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.Engine.DataModel;

/// <summary>
/// The extension's data models, each a view of what the commands' decoders decide (no rule lives here): a canonical
/// visualizer per control-block type and per buffer type, an extension on the classes weak-capable objects derive
/// from (<c>WeakReference</c>), and the <c>@$wrl</c> namespace (<c>Object</c>, <c>Weak</c>, <c>Buffer</c>, <c>Refs</c>).
/// </summary>
internal sealed class WrlModels(DataModelHost host)
{
    private readonly ModelValues _v = new(host);

    // ---- decoding (the same target and decoders as the bang commands) ----------------------------------------

    /// <summary>Runs a decoder on a session of this thread; cached per address until the engine notifies a change.</summary>
    private T Decode<T>(string what, ulong address, Func<EngineCommandContext, T> decode) =>
        ModelCache.GetOrAdd(what, address, () =>
        {
            using var session = host.OpenSession() ?? throw new InvalidOperationException("the data model host gives no debugger client");
            using var quiet = session.Client.Mute(); // a dx answer is its value: the engine's read chatter is not ours to show
            return decode(new EngineCommandContext(session, json: false, qualifiedTypesOnly: true));
        });

    private WeakReferenceVerdict Block(ulong address, FlavourDescriptor? flavour) =>
        Decode($"weak:{flavour?.Id}", address, c => FlavourDetector.Decode(c.Target, c.Layouts, address, flavour));

    private ObjectVerdict Object(ulong address) => Decode("obj", address, c => ObjectDecoder.Decode(c.Target, c.Layouts, address));

    private BufferVerdict Buffer(ulong address) => Decode("membuf", address, c => MemoryBufferDecoder.Decode(c.Target, c.Layouts, address));

    private (RefsReport? Report, int Pointer) Refs(ulong address) => Decode("refs", address, c =>
        (HolderFinder.Find(c.Target, ObjectDecoder.Decode(c.Target, c.Layouts, address), address), c.Target.PointerSize));

    private int PointerSize => Decode("ptr", 0, c => c.Target.PointerSize);

    private static ulong AddressOf(nint contextObject) =>
        ModelObject.TryLocation(contextObject, out ulong a) ? a : throw new InvalidOperationException("the object has no location in the target");

    // ---- control blocks ---------------------------------------------------------------------------------------

    /// <summary>The canonical visualizer of a flavour's block type: the type says the flavour.</summary>
    public nint BlockModel(FlavourDescriptor flavour) => _v.Model(BlockProperties(ctx => Block(AddressOf(ctx), flavour)),
        ctx => ModelDisplayText.Block(Block(AddressOf(ctx), flavour)));

    private IEnumerable<(string, Func<nint, nint>)> BlockProperties(Func<nint, WeakReferenceVerdict> verdict) =>
    [
        ("State", ctx => _v.Of(verdict(ctx).State.Id())),
        ("StrongReferences", ctx => _v.Of(verdict(ctx).StrongCount)),
        ("WeakReferences", ctx => _v.Of(verdict(ctx).WeakCount)),
        ("Flavour", ctx => _v.Of(verdict(ctx).Flavour.Id)),
        ("Target", ctx => TargetOf(verdict(ctx))),
        ("Findings", ctx => Reasons(verdict(ctx).Reasons)),
    ];

    /// <summary>The target object, typed by its vftable's class where symbols name it; only while alive.</summary>
    private nint TargetOf(WeakReferenceVerdict v)
    {
        if (!v.State.TargetLives() || v.TargetAddress is not { } target) return host.Manager.NoValue();
        if (ClassOfVfTable(v.Target?.VfTableSymbol) is { } type && _v.Typed(type, target, pointer: true) is var typed && typed != 0) return typed;
        return _v.Address(target);
    }

    /// <summary><c>module!Class::`vftable'</c> (maybe <c>{for …}</c>) → <c>module!Class</c>.</summary>
    private static string? ClassOfVfTable(string? symbol)
    {
        if (symbol is null) return null;
        int at = symbol.IndexOf("::`vftable'", StringComparison.Ordinal);
        return at > 0 ? symbol[..at] : null;
    }

    private nint Reasons(IReadOnlyList<Reason> reasons)
    {
        int ptr = PointerSize;
        return Texts([.. reasons.Select(r => ReasonText.Render(r, ptr))], "reason(s)");
    }

    /// <summary>A list of strings, displayed as their count.</summary>
    private nint Texts(IReadOnlyList<string> texts, string noun) =>
        _v.List([.. texts.Select(t => (Func<nint>)(() => _v.Of(t)))], $"{texts.Count} {noun}");

    // ---- objects ----------------------------------------------------------------------------------------------

    /// <summary>An extension on a weak-capable object's base class: its count-or-pointer word, decoded.</summary>
    public nint ObjectExtension() => _v.Model([("WeakReference", ctx => WeakReferenceOf(Object(AddressOf(ctx))))], null);

    private nint WeakReferenceOf(ObjectVerdict v)
    {
        if (!v.Found) return host.Manager.Error(ModelConstants.EFail, ModelDisplayText.Object(v, PointerSize));
        if (!v.PointerMode || v.Block is not { } block)
            return _v.Object([("State", _v.Of("no-weak-reference")), ("StrongReferences", _v.Of(v.StrongCount))], ModelDisplayText.Object(v, PointerSize));
        return BlockObject(block);
    }

    /// <summary>A block as the engine types it (so the canonical model shows it), else our synthetic copy of that view.</summary>
    private nint BlockObject(WeakReferenceVerdict block)
    {
        if (ModuleOf(block.BlockVfTableSymbol) is { } module && _v.Typed($"{module}!{block.Flavour.ControlBlockType}", block.Address) is var typed && typed != 0)
            return typed;
        var keys = BlockProperties(_ => block).Select(p => (p.Item1, p.Item2(0))).Prepend(("Address", _v.Address(block.Address)));
        return _v.Object(keys, ModelDisplayText.Block(block));
    }

    private static string? ModuleOf(string? symbol)
    {
        int bang = symbol?.IndexOf('!') ?? -1;
        return bang > 0 ? symbol![..bang] : null;
    }

    private nint ObjectView(ObjectVerdict v) => _v.Object(
    [
        ("Flavour", _v.Of(v.Flavour?.Id)),
        ("Class", _v.Of(v.ClassName)),
        ("Start", _v.Address(v.ObjectStart)),
        ("StrongReferences", _v.Of(v.StrongCount)),
        ("WeakReference", WeakReferenceOf(v)),
        ("Findings", Reasons(v.Reasons)),
    ], ModelDisplayText.Object(v, PointerSize));

    // ---- buffers ----------------------------------------------------------------------------------------------

    /// <summary>The canonical visualizer of the reference implementation's buffer and reference types.</summary>
    public nint BufferModel() => _v.Model(BufferProperties(ctx => Buffer(AddressOf(ctx))), ctx => ModelDisplayText.Buffer(Buffer(AddressOf(ctx)), PointerSize));

    private IEnumerable<(string, Func<nint, nint>)> BufferProperties(Func<nint, BufferVerdict> verdict) =>
    [
        ("State", ctx => _v.Of(verdict(ctx).State?.Id())),
        ("Capacity", ctx => _v.Of(verdict(ctx).Capacity)),
        ("Data", ctx => _v.Address(verdict(ctx).Data)),
        ("IsClosed", ctx => _v.Of(verdict(ctx).BufferClosed)),
        ("References", ctx => References(verdict(ctx))),
        ("ClosedHandlers", ctx => Handlers(verdict(ctx))),
        ("Findings", ctx => Findings(verdict(ctx))),
    ];

    private nint References(BufferVerdict v)
    {
        if (v.Kind != BufferObjectKind.Buffer) return host.Manager.NoValue();
        var module = ModuleOfObject(v.ObjectStart);
        return _v.List([.. v.OpenReferences.Select(r => (Func<nint>)(() =>
            module is not null && _v.Typed($"{module}!{ReferenceBufferImplementation.ReferenceType}", r.Address) is var t && t != 0 ? t : BufferView(Buffer(r.Address))))],
            $"{v.OpenReferences.Count} open reference(s)");
    }

    private nint Handlers(BufferVerdict v)
    {
        var handlers = v.OpenReferences.SelectMany(r => r.ClosedHandlers).ToList();
        return _v.List([.. handlers.Select(h => (Func<nint>)(() => _v.Object(
            [("Handler", _v.Address(h.Handler)), ("Token", _v.Of(h.Token)), ("VfTable", _v.Of(h.VfTableSymbol))],
            h.VfTableSymbol ?? Hex.Pointer(h.Handler, PointerSize))))], $"{handlers.Count} Closed handler(s)");
    }

    private nint Findings(BufferVerdict v)
    {
        int ptr = PointerSize;
        return Texts([.. v.Findings.Select(f => ModelDisplayText.Finding(f, ptr))], "finding(s)");
    }

    private nint BufferView(BufferVerdict v) =>
        _v.Object(BufferProperties(_ => v).Select(p => (p.Item1, p.Item2(0))).Prepend(("Address", _v.Address(v.ObjectStart ?? v.Address))), ModelDisplayText.Buffer(v, PointerSize));

    /// <summary>The module whose image holds the object's first vfptr (the type's module for <c>module!Type</c>).</summary>
    private string? ModuleOfObject(ulong? start) => start is not { } s ? null : Decode("module", s, c =>
        c.Target.TryReadPointer(s, out ulong vf) ? Plausibility.ImageOf(c.Target, vf)?.ModuleName : null);

    // ---- @$wrl ------------------------------------------------------------------------------------------------

    /// <summary>The <c>@$wrl</c> object: methods taking an address (a number or a pointer) and returning model objects.</summary>
    public nint Namespace()
    {
        nint ns = _v.Model([], _ => "WrlDbgExt queries: Object(address), Weak(address), Buffer(address), Refs(address)");
        if (ns == 0) return 0;
        _v.SetMethod(ns, "Object", args => ObjectView(Object(Argument(args))));
        _v.SetMethod(ns, "Weak", args => BlockObject(Block(Argument(args, allowFlavour: true), FlavourArgument(args))));
        _v.SetMethod(ns, "Buffer", args => BufferView(Buffer(Argument(args))));
        _v.SetMethod(ns, "Refs", args => HolderList(Argument(args)));
        return ns;
    }

    /// <summary>Weak(address, "flavour"): read the block as that flavour, as <c>!wrlweak -flavour</c> does.</summary>
    private static FlavourDescriptor? FlavourArgument(nint[] args)
    {
        if (args.Length < 2) return null;
        string id = ModelObject.TryString(args[1]) ?? throw new ArgumentException("the flavour must be a string");
        return FlavourCatalog.ById(id) ?? throw new ArgumentException($"unknown flavour '{id}' (known: {string.Join(", ", FlavourCatalog.Ids)})");
    }

    private nint HolderList(ulong address)
    {
        var (report, ptr) = Refs(address);
        if (report is null) return host.Manager.Error(ModelConstants.EFail, "the target lists no memory: nothing to search");
        var holders = report.Holders.Select(h => (Func<nint>)(() => _v.Object(
        [
            ("Address", _v.Address(h.Address)),
            ("Value", _v.Address(h.Value)),
            ("Part", _v.Of(h.Held.Part.ToString())),
            ("Offset", _v.Of(h.OffsetInHeld)),
            ("Place", _v.Of(h.Place.ToString())),
            ("Thread", _v.Of(h.ThreadId)),
            ("Frame", _v.Of(h.Frame?.Symbol)),
            ("Symbol", _v.Of(h.Symbol)),
        ], ModelDisplayText.Holder(h, ptr)))).ToList();
        return _v.List(holders, $"{holders.Count} holder(s) of {Hex.Pointer(address, ptr)}");
    }

    private static ulong Argument(nint[] args, bool allowFlavour = false)
    {
        if (args.Length < 1 || args.Length > (allowFlavour ? 2 : 1))
            throw new ArgumentException(allowFlavour ? "an address expected, and optionally a flavour id (\"wrl\", \"cppwinrt\", …)" : "one argument expected: an address");
        if (ModelObject.TryUInt64(args[0], out ulong value)) return value;
        if (ModelObject.TryLocation(args[0], out ulong at)) return at;
        throw new ArgumentException("the argument is no address (a number or a pointer)");
    }
}
