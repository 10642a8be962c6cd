using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// Writes scenarios as a Windows minidump (our own writer) plus their ground-truth manifest. Deterministic: the
/// README sample in the repository must equal a fresh build.
/// </summary>
public static class ScenarioDump
{
    public const uint MainThreadId = 0x1a2c;

    public static byte[] Build(BlockScenario scenario) => Build([scenario]);

    /// <summary>Several flavours' scenarios (each in its own arena) in one dump, attributed to the first one's module.</summary>
    public static byte[] Build(IReadOnlyList<BlockScenario> scenarios)
    {
        var scenario = scenarios[0];
        if (scenarios.Any(s => s.Architecture != scenario.Architecture || s.Module != scenario.Module))
            throw new ArgumentException("the scenarios of one dump share the architecture and the module", nameof(scenarios));
        var writer = new MinidumpWriter(scenario.Architecture)
            .SetSystem(10, 0, 19045)
            .SetProcessId(0x2f10);
        var m = scenario.Module;
        writer.AddModule(m.Path, m.ImageBase, m.ImageSize, m.TimeDateStamp, m.FileVersion, m.Pdb!.Guid, m.Pdb.Age, m.Pdb.Path);
        foreach (var (address, bytes) in scenarios.SelectMany(s => s.Regions)) writer.AddMemory(address, bytes);

        ulong stack = scenario.PointerSize == 8 ? 0x0000_00e1_2f7f_f000UL : 0x0019_f000UL;
        ulong teb = scenario.PointerSize == 8 ? 0x0000_00e1_2f60_0000UL : 0x0030_0000UL;
        writer.AddThread(MainThreadId, teb, stack, new byte[0x200], instructionPointer: scenario.ModuleBase + 0x1040);
        writer.SetException(MainThreadId, 0x80000003, scenario.ModuleBase + 0x1040); // breakpoint at the checkpoint
        return writer.Build();
    }

    /// <summary>Ground truth in the shape the engine-made fixtures will use (JSON, addresses as hex strings).</summary>
    public static string Manifest(WrlScenario scenario, string producer = "minidump writer (tests/WrlDbgExt.TestSupport)") => Json(w =>
    {
        w.WriteString("schema", "wrldbg.fixture-manifest");
        w.WriteNumber("schemaVersion", 1);
        w.WriteString("producer", producer);
        w.WriteString("architecture", scenario.Architecture.DisplayName());
        w.WriteString("module", scenario.Module.ModuleName);
        w.WriteString("countModeObject", Hex.Json(scenario.CountModeObject));
        w.WriteNumber("countModeStrong", WrlScenario.CountModeStrong);
        w.WriteStartArray("objects");
        foreach (var o in scenario.Objects)
        {
            w.WriteStartObject();
            w.WriteString("name", o.Name);
            w.WriteString("flavour", "wrl");
            w.WriteString("type", scenario.Layout.Name);
            w.WriteString("address", Hex.Json(o.Address));
            w.WriteString("windbgAddress", Hex.Pointer(o.Address, scenario.PointerSize));
            w.WriteString("expectedState", o.ExpectedState);
            WriteCounts(w, o);
            w.WriteString("target", Hex.Json(o.Target));
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>
    /// Ground truth of several flavours' scenarios in the format the scenario targets write (schema 2, see
    /// <c>FixtureManifest</c>): names prefixed with the flavour id, blocks with their flavour and type, tear-offs with
    /// <c>via</c> and their block, count-or-pointer words as <c>FLAVOUR-word</c> entries without a type.
    /// </summary>
    public static string TwinManifest(IReadOnlyList<BlockScenario> scenarios, string producer)
    {
        var first = scenarios[0];
        return Json(w =>
        {
            w.WriteString("schema", "wrldbg.fixture-manifest");
            w.WriteNumber("schemaVersion", 2);
            w.WriteString("producer", producer);
            w.WriteString("architecture", first.Architecture.DisplayName());
            w.WriteString("module", first.Module.ModuleName);
            w.WriteStartArray("objects");
            foreach (var scenario in scenarios)
            {
                string id = scenario.Flavour.Id;
                foreach (var o in scenario.Objects)
                {
                    w.WriteStartObject();
                    w.WriteString("name", $"{id}-{o.Name}");
                    w.WriteString("flavour", id);
                    w.WriteString("type", o.Type ?? scenario.Layout.Name);
                    w.WriteString("address", Hex.Json(o.Address));
                    w.WriteString("expectedState", o.ExpectedState);
                    WriteCounts(w, o);
                    w.WriteString("target", Hex.Json(o.Target));
                    if (o.ViaBlock is { } block)
                    {
                        w.WriteString("via", "tear-off");
                        w.WriteString("block", Hex.Json(block));
                    }
                    w.WriteEndObject();
                }
                foreach (var word in scenario.Words)
                {
                    w.WriteStartObject();
                    w.WriteString("name", $"{id}-{word.Name}");
                    w.WriteString("flavour", $"{id}-word");
                    w.WriteNull("type");
                    w.WriteString("address", Hex.Json(word.Address));
                    w.WriteString("expectedState", word.ControlBlock is null ? "count" : "pointer");
                    w.WriteString("raw", Hex.Json(word.Raw));
                    if (word.ControlBlock is { } cb)
                    {
                        w.WriteString("controlBlock", Hex.Json(cb));
                        w.WriteNull("count");
                    }
                    else
                    {
                        w.WriteNumber("count", (int)word.Raw);
                    }
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
        });
    }

    private static void WriteCounts(Utf8JsonWriter w, ScenarioObject o)
    {
        if (o.Strong is { } s) w.WriteNumber("strong", s); else w.WriteNull("strong");
        if (o.Weak is { } k) w.WriteNumber("weak", k); else w.WriteNull("weak");
    }

    private static string Json(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes a scenario dump to a fresh temporary file; the caller deletes it.</summary>
    public static string WriteTemp(BlockScenario scenario)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wrldbg-{scenario.Architecture.DisplayName()}-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, Build(scenario));
        return path;
    }
}
