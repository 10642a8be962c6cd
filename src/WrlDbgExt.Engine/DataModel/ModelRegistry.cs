using WrlDbgExt.Core.Buffers;
using WrlDbgExt.Core.Flavours;

namespace WrlDbgExt.Engine.DataModel;

/// <summary>
/// Registers the models on <c>.load</c> and removes every registration on <c>.unload</c> (docs/debugger-engine.md §5,
/// §7): canonical visualizers for each flavour's block type and the buffer types, extensions on weak-capable objects'
/// base classes, and <c>@$wrl</c>. A failure leaves the bang commands working and is kept for <c>!help</c>.
/// </summary>
internal static class ModelRegistry
{
    public const string NamespaceAlias = "wrl";

    private static readonly object Gate = new();
    private static Registration? _current;

    /// <summary>Why the models are not registered (null when they are).</summary>
    public static string? Failure { get; private set; }

    /// <summary>What is registered now: (signature, canonical) pairs, for tests and <c>!help</c>.</summary>
    public static IReadOnlyList<(string Signature, bool Canonical)> Registered
    {
        get { lock (Gate) return _current?.Signatures ?? []; }
    }

    /// <summary>Types another visualizer already holds (a NatVis file loaded first): left to it.</summary>
    public static IReadOnlyList<string> LeftToOthers
    {
        get { lock (Gate) return _current?.Skipped ?? []; }
    }

    public static void Register()
    {
        lock (Gate)
        {
            if (_current is not null) return; // a second Initialize without Uninitialize: keep what is there
            var host = DataModelHost.Connect(out string why);
            if (host is null)
            {
                Failure = why;
                return;
            }
            var registration = new Registration(host);
            try
            {
                registration.RegisterAll();
                _current = registration;
                Failure = null;
            }
            catch (Exception e)
            {
                registration.UnregisterAll();
                Failure = Core.Commands.ExtensionDispatcher.OneLine(e.Message);
            }
        }
    }

    public static void Unregister()
    {
        lock (Gate)
        {
            _current?.UnregisterAll();
            _current = null;
            ModelCache.Clear();
        }
    }

    private sealed class Registration(DataModelHost host)
    {
        private readonly List<(nint Signature, nint Model, bool Canonical, string Text)> _types = [];
        private nint _variables, _namespaceParent;

        public IReadOnlyList<(string Signature, bool Canonical)> Signatures => [.. _types.Select(t => (t.Text, t.Canonical))];

        public List<string> Skipped { get; } = [];

        public void RegisterAll()
        {
            var models = new WrlModels(host);
            foreach (var flavour in FlavourCatalog.All)
            {
                Add(flavour.ControlBlockTypeSignature, models.BlockModel(flavour), canonical: true);
                foreach (var signature in flavour.ObjectTypeSignatures) Add(signature, models.ObjectExtension(), canonical: false);
            }
            Add(ReferenceBufferImplementation.BufferType, models.BufferModel(), canonical: true);
            Add(ReferenceBufferImplementation.ReferenceType, models.BufferModel(), canonical: true);
            // @$wrl: a parent model on Debugger.State.DebuggerVariables (whose keys are the @$ names), removable on .unload.
            _variables = DebuggerVariables();
            if (_variables == 0) throw new InvalidOperationException("the data model has no Debugger.State.DebuggerVariables");
            nint ns = models.Namespace();
            _namespaceParent = new ModelValues(host).Model([(NamespaceAlias, _ => { ModelObject.AddRef(ns); return ns; })], null);
            int hr = _namespaceParent == 0 ? ModelConstants.EFail : ModelObject.AddParentModel(_variables, _namespaceParent);
            if (hr < 0) throw new InvalidOperationException($"adding @${NamespaceAlias} failed (0x{hr:x8})");
        }

        /// <summary>Debugger.State.DebuggerVariables: its keys are the <c>@$</c> names (<c>@$cursession</c>, …).</summary>
        private nint DebuggerVariables()
        {
            nint root = host.Manager.RootNamespace();
            if (root == 0) return 0;
            nint debugger = ModelObject.KeyValue(root, "Debugger");
            ModelObject.Release(root);
            nint state = debugger != 0 ? ModelObject.KeyValue(debugger, "State") : 0;
            nint variables = state != 0 ? ModelObject.KeyValue(state, "DebuggerVariables") : 0;
            ModelObject.Release(debugger);
            ModelObject.Release(state);
            return variables;
        }

        private void Add(string signatureText, nint model, bool canonical)
        {
            if (model == 0) throw new InvalidOperationException($"no model for {signatureText}");
            nint signature = host.Symbols.TypeSignature(signatureText);
            if (signature == 0)
            {
                ModelObject.Release(model);
                throw new InvalidOperationException($"CreateTypeSignature({signatureText}) failed");
            }
            int hr = canonical ? host.Manager.RegisterModel(signature, model) : host.Manager.RegisterExtension(signature, model);
            if (hr == ModelConstants.EInvalidArg && canonical)
            {
                // One canonical visualizer per type: a NatVis file loaded first holds it (docs/debugger-engine.md §9).
                Skipped.Add(signatureText);
                ModelObject.Release(signature);
                ModelObject.Release(model);
                return;
            }
            if (hr < 0)
            {
                ModelObject.Release(signature);
                ModelObject.Release(model);
                throw new InvalidOperationException($"registering {signatureText} failed (0x{hr:x8})");
            }
            _types.Add((signature, model, canonical, signatureText));
        }

        public void UnregisterAll()
        {
            if (_variables != 0 && _namespaceParent != 0) ModelObject.RemoveParentModel(_variables, _namespaceParent);
            ModelObject.Release(_namespaceParent);
            ModelObject.Release(_variables);
            _variables = _namespaceParent = 0;
            foreach (var (signature, model, canonical, _) in _types)
            {
                if (canonical) host.Manager.UnregisterModel(model, signature);
                else host.Manager.UnregisterExtension(model, signature);
                ModelObject.Release(signature);
                ModelObject.Release(model); // objects the engine made meanwhile keep their own references
            }
            _types.Clear();
        }
    }
}
