namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>Ground truth for one control block laid out by <see cref="WrlScenario"/>.</summary>
/// <param name="Name">Scenario name (<c>alive</c>, <c>target-destroyed</c>…).</param>
/// <param name="Address">Block address.</param>
/// <param name="ExpectedState">Verdict id the decoder must give.</param>
/// <param name="Strong">strongRefCount_ as written (null when it is not readable).</param>
/// <param name="Weak">refcount_ as written (null when it is not readable).</param>
/// <param name="Target">unknown_ as written.</param>
/// <param name="BackLinkOffset">Offset of the target's encoded word, when the target is laid out alive.</param>
public sealed record ScenarioObject(
    string Name,
    ulong Address,
    string ExpectedState,
    int? Strong,
    int? Weak,
    ulong Target,
    uint? BackLinkOffset);
