namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>Ground truth for one control block laid out by a <see cref="BlockScenario"/>.</summary>
/// <param name="Name">Scenario name (<c>alive</c>, <c>target-destroyed</c>…).</param>
/// <param name="Address">Block address (a tear-off's address for <see cref="ViaBlock"/> entries).</param>
/// <param name="ExpectedState">Verdict id the decoder must give.</param>
/// <param name="Strong">The strong count as written (null when it is not readable).</param>
/// <param name="Weak">The block's own count as written (null when it is not readable).</param>
/// <param name="Target">The target field as written.</param>
/// <param name="BackLinkOffset">Offset of the target's word from the target pointer, when the target is laid out alive and linked.</param>
public sealed record ScenarioObject(
    string Name,
    ulong Address,
    string ExpectedState,
    int? Strong,
    int? Weak,
    ulong Target,
    int? BackLinkOffset)
{
    /// <summary>The type at <see cref="Address"/> when it is not the block's (a tear-off's).</summary>
    public string? Type { get; init; }

    /// <summary>For an interface pointer inside a block: the block it belongs to.</summary>
    public ulong? ViaBlock { get; init; }

    /// <summary>The target is freed memory (0xDD) that a decoder must never read.</summary>
    public bool StaleTarget { get; init; }
}

/// <summary>A target's count-or-pointer word laid out by a <see cref="BlockScenario"/>.</summary>
/// <param name="Name"><c>word-pointer</c> (the alive target's) or <c>word-count</c>.</param>
/// <param name="Address">Where the word is.</param>
/// <param name="Raw">The word as written.</param>
/// <param name="ControlBlock">The block it encodes; null in count mode (then <paramref name="Raw"/> is the count).</param>
public sealed record ScenarioWord(string Name, ulong Address, ulong Raw, ulong? ControlBlock);
