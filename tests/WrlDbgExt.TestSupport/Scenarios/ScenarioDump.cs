using System.Text;
using System.Text.Json;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.Core.Targets;
using WrlDbgExt.TestSupport.Minidumps;

namespace WrlDbgExt.TestSupport.Scenarios;

/// <summary>
/// Writes a <see cref="WrlScenario"/> as a Windows minidump (our own writer) plus its ground-truth
/// manifest. Deterministic: the README sample in the repository must equal a fresh build.
/// </summary>
public static class ScenarioDump
{
    public const uint MainThreadId = 0x1a2c;

    public static byte[] Build(WrlScenario scenario)
    {
        var writer = new MinidumpWriter(scenario.Architecture)
            .SetSystem(10, 0, 19045)
            .SetProcessId(0x2f10);
        var m = scenario.Module;
        writer.AddModule(m.Path, m.ImageBase, m.ImageSize, m.TimeDateStamp, m.FileVersion, m.Pdb!.Guid, m.Pdb.Age, m.Pdb.Path);
        foreach (var (address, bytes) in scenario.Regions) writer.AddMemory(address, bytes);

        ulong stack = scenario.PointerSize == 8 ? 0x0000_00e1_2f7f_f000UL : 0x0019_f000UL;
        ulong teb = scenario.PointerSize == 8 ? 0x0000_00e1_2f60_0000UL : 0x0030_0000UL;
        writer.AddThread(MainThreadId, teb, stack, new byte[0x200], instructionPointer: scenario.ModuleBase + 0x1040);
        writer.SetException(MainThreadId, 0x80000003, scenario.ModuleBase + 0x1040); // breakpoint at the checkpoint
        return writer.Build();
    }

    /// <summary>Ground truth in the shape the engine-made fixtures will use (JSON, addresses as hex strings).</summary>
    public static string Manifest(WrlScenario scenario, string producer = "minidump writer (tests/WrlDbgExt.TestSupport)")
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
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
                if (o.Strong is { } s) w.WriteNumber("strong", s); else w.WriteNull("strong");
                if (o.Weak is { } k) w.WriteNumber("weak", k); else w.WriteNull("weak");
                w.WriteString("target", Hex.Json(o.Target));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes a scenario dump to a fresh temporary file; the caller deletes it.</summary>
    public static string WriteTemp(WrlScenario scenario)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wrldbg-{scenario.Architecture.DisplayName()}-{Guid.NewGuid():N}.dmp");
        File.WriteAllBytes(path, Build(scenario));
        return path;
    }
}
