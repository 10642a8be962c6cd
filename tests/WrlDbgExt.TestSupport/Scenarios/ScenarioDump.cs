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
        return Build(scenario.Architecture, scenario.Module, scenarios.SelectMany(s => s.Regions));
    }

    /// <summary>
    /// Memory <paramref name="regions"/> of a process attributed to <paramref name="m"/> (it needs an RSDS, so the engine
    /// finds the PDB), with one thread stopped at a breakpoint inside the module.
    /// </summary>
    public static byte[] Build(TargetArchitecture architecture, TargetModule m, IEnumerable<(ulong Address, byte[] Bytes)> regions)
    {
        var writer = new MinidumpWriter(architecture)
            .SetSystem(10, 0, 19045)
            .SetProcessId(0x2f10);
        writer.AddModule(m.Path, m.ImageBase, m.ImageSize, m.TimeDateStamp, m.FileVersion, m.Pdb!.Guid, m.Pdb.Age, m.Pdb.Path);
        foreach (var (address, bytes) in regions) writer.AddMemory(address, bytes);

        bool wide = architecture.PointerSize() == 8;
        ulong stack = wide ? 0x0000_00e1_2f7f_f000UL : 0x0019_f000UL;
        ulong teb = wide ? 0x0000_00e1_2f60_0000UL : 0x0030_0000UL;
        writer.AddThread(MainThreadId, teb, stack, new byte[0x200], instructionPointer: m.ImageBase + 0x1040);
        writer.SetException(MainThreadId, 0x80000003, m.ImageBase + 0x1040); // breakpoint at the checkpoint
        return writer.Build();
    }

    /// <summary>Ground truth in the shape the engine-made fixtures will use (JSON, addresses as hex strings).</summary>
    public static string Manifest(WrlScenario scenario, string producer = "minidump writer (tests/WrlDbgExt.TestSupport)") => Json(w =>
    {
        Header(w, 1, producer, scenario.Architecture, scenario.Module);
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
            Header(w, 2, producer, first.Architecture, first.Module);
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

    /// <summary>
    /// Ground truth of a <see cref="MemoryBufferTwin"/> in the format the memory_buffers target writes (schema 2): per
    /// buffer and reference its flavour, type, expected state and the facts <c>membuf</c> must give.
    /// </summary>
    public static string TwinManifest(MemoryBufferTwin twin, string producer) => Json(w =>
    {
        Header(w, 2, producer, twin.Architecture, twin.Module);
        w.WriteStartArray("objects");
        foreach (var e in twin.Entries)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            w.WriteString("flavour", e.Flavour);
            w.WriteString("type", e.Type);
            w.WriteString("address", Hex.Json(e.Address));
            w.WriteString("expectedState", e.ExpectedState);
            foreach (var (name, value) in e.Properties)
            {
                switch (value)
                {
                    case bool b: w.WriteBoolean(name, b); break;
                    case int i: w.WriteNumber(name, i); break;
                    default: w.WriteString(name, value.ToString()); break;
                }
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    private static void Header(Utf8JsonWriter w, int version, string producer, TargetArchitecture architecture, TargetModule module)
    {
        w.WriteString("schema", "wrldbg.fixture-manifest");
        w.WriteNumber("schemaVersion", version);
        w.WriteString("producer", producer);
        w.WriteString("architecture", architecture.DisplayName());
        w.WriteString("module", module.ModuleName);
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
