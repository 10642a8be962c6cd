using WrlDbgExt.Core.Layouts;
using WrlDbgExt.Core.Targets;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// The WRL scenario (<see cref="WrlTwin"/>): every WeakReferenceImpl state, the README's writer-made samples, with
/// the names the WRL tests use for its vftables and the target's word.
/// </summary>
public sealed class WrlScenario : BlockScenario
{
    /// <summary>The scenario in a fake module with the tests' own layout table (<see cref="ExpectedLayouts"/>).</summary>
    public WrlScenario(TargetArchitecture architecture)
        : this(architecture, null, null)
    {
    }

    /// <summary>
    /// The scenario laid out with <paramref name="layout"/> (e.g. read from a PDB by the engine) and
    /// attributed to a real <paramref name="module"/>, so a debugger can load that module's symbols.
    /// </summary>
    public WrlScenario(TargetArchitecture architecture, TypeLayout? layout, TargetModule? module)
        : base(WrlTwin.Instance, architecture, layout, module)
    {
    }

    /// <summary>vftable of WeakReferenceImpl inside the fake module.</summary>
    public ulong WeakReferenceImplVfTable => BlockVfTable();

    /// <summary>vftable of the target class (a weak-capable RuntimeClass) inside the fake module.</summary>
    public ulong WidgetVfTable => TargetVfTable();

    /// <summary>Where the weak-capable RuntimeClass keeps refCount_ (<see cref="WrlTwin"/>).</summary>
    public uint RefCountOffset => (uint)BackLinkOffset;

    /// <summary>A weak-capable object nobody took a weak reference to: its word is in count mode (3).</summary>
    public new ulong CountModeObject => base.CountModeObject!.Value;
}
