using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using WrlDbgExt.Core.Rendering;
using WrlDbgExt.TestSupport.Fixtures;

namespace WrlDbgExt.Conformance.Tests;

/// <summary>
/// <c>!wrlscan</c> in Microsoft's engine on the engine-made dumps: exactly the manifest's blocks, objects and buffers (the sets
/// <see cref="ScanManifestTests"/> expects of <c>wrldbg scan</c>) with the manifest's states, the same with and without
/// the PDBs on the symbol path; with <c>.prefer_dml 1</c> every hit line links its address to its command, the link
/// runs in the engine, and the markup without its tags is the plain-text report.
/// </summary>
[TestClass]
public partial class WrlscanInEngineTests
{
    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"^\s*(0x[0-9a-f`]+)\s")]
    private static partial Regex LeadingAddress();

    [TestMethod]
    [DataRow("x64", false)]
    [DataRow("x64", true)]
    [DataRow("x86", false)]
    [DataRow("x86", true)]
    public void WrlscanListsExactlyTheManifestsBlocksEachLinkedToItsCommand(string arch, bool symbols)
    {
        Require.Extension();
        int ptr = arch == "x64" ? 8 : 4;
        int compared = 0;
        foreach (var target in Require.DumpedTargets(arch).Where(t => !t.EndsWith("-writer", StringComparison.Ordinal)))
        {
            var dump = FixtureSet.File(arch, target, ".dmp");
            var expected = ScanManifestTests.ExpectedBlocks(FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json")));
            // The link each block line must carry, run in the same session: the engine must accept it.
            var weakCommands = expected.Keys.Order().Select(a => $"!wrlweak {Hex.Pointer(a, ptr)}").ToList();
            string sympath = symbols ? FixtureSet.Folder(arch) : FixtureSet.NoSymbolsFolder();
            string[] session = ["--dump", dump, "--sympath", sympath];
            string where = $"{arch} {target} {(symbols ? "with" : "without")} PDBs";
            var engine = EngineRunner.Run(session, new[] { ExtensionBuild.LoadCommand, "!wrlscan -json", "!wrlscan" }.Concat(weakCommands), TimeSpan.FromMinutes(10));
            Assert.AreEqual(0, engine.ExitCode, engine.Stderr);
            // The raw markup (the host's DML-aware callbacks) in a session of its own: there plain output arrives escaped.
            var raw = EngineRunner.Run([.. session, "--dml-raw"], [ExtensionBuild.LoadCommand, ".prefer_dml 1", "!wrlscan", "!wrlscan -sarif"], TimeSpan.FromMinutes(10));
            Assert.AreEqual(0, raw.ExitCode, raw.Stderr);
            // SARIF under .prefer_dml 1 is text, not markup: it reads back as the JSON log.
            var sarif = raw.Output("!wrlscan -sarif");
            Assert.IsFalse(sarif.Contains("<link", StringComparison.Ordinal), where);
            using (var log = JsonDocument.Parse(WebUtility.HtmlDecode(sarif)))
                Assert.AreEqual("2.1.0", log.RootElement.GetProperty("version").GetString(), where);

            // The blocks and their states, from the JSON lines.
            var found = engine.Output("!wrlscan -json").Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => JsonDocument.Parse(l).RootElement)
                .Where(e => e.GetProperty("schema").GetString() == "wrldbg.weak-reference")
                .ToDictionary(e => FixtureManifest.ParseHex(e.GetProperty("address").GetString()!),
                    e => (Flavour: e.GetProperty("flavour").GetString()!, State: e.GetProperty("state").GetString()!));
            CollectionAssert.AreEquivalent(expected.Keys.ToList(), found.Keys.ToList(),
                $"{where}: missed {string.Join(", ", expected.Keys.Except(found.Keys).Select(a => $"0x{a:x}"))}; extra {string.Join(", ", found.Keys.Except(expected.Keys).Select(a => $"0x{a:x}"))}");
            foreach (var (address, (flavour, state)) in expected)
            {
                Assert.AreEqual(flavour, found[address].Flavour, $"{where} 0x{address:x}");
                if (state is not null) Assert.AreEqual(state, found[address].State, $"{where} 0x{address:x}");
            }
            // Objects and buffers: the manifest's, as the CLI's scan must give them.
            var manifest = FixtureManifest.Load(FixtureSet.File(arch, target, ".manifest.json"));
            if (target == "weak_refs") ScanManifestTests.CheckObjects(manifest, engine.Output("!wrlscan -json"), where);
            if (target == "memory_buffers") ScanManifestTests.CheckBuffers(manifest, engine.Output("!wrlscan -json"), where);

            // The DML: well-formed, the plain text once stripped, and every hit line's address a link.
            var markup = raw.Output("!wrlscan");
            var plain = engine.Output("!wrlscan");
            if (expected.Count > 0) Assert.AreNotEqual(plain, markup, $"{where}: the DML run printed no markup");
            Assert.AreEqual(plain, WebUtility.HtmlDecode(Tag().Replace(markup, "")), $"{where}: stripped markup vs plain text");
            var doc = new XmlDocument();
            doc.LoadXml("<dml>" + markup + "</dml>");
            var links = doc.GetElementsByTagName("link").Cast<XmlElement>().ToLookup(l => l.InnerText, l => l.GetAttribute("cmd"));
            foreach (var address in expected.Keys)
            {
                string at = Hex.Pointer(address, ptr);
                // A block's address is linked on its line and in the findings that name it: always to !wrlweak.
                Assert.IsTrue(links.Contains(at), $"{where}: block {at} has no link");
                string command = $"!wrlweak {at}";
                CollectionAssert.AreEqual(links[at].Select(_ => command).ToList(), links[at].ToList(), where);
                StringAssert.Contains(engine.Output(command), $" at {at}\n", $"{where}: the link '{command}'");
                compared++;
            }
            // Objects, buffers and references too: every line that starts with an address links it.
            foreach (var line in markup.Split('\n'))
            {
                var m = LeadingAddress().Match(WebUtility.HtmlDecode(Tag().Replace(line, "")));
                if (!m.Success) continue;
                string at = m.Groups[1].Value;
                Assert.IsTrue(links.Contains(at) && line.Contains("<link ", StringComparison.Ordinal), $"{where}: the line '{line}' has no link");
                foreach (var command in links[at])
                    StringAssert.Matches(command, new Regex($"^!(wrlweak|wrlobj|membuf) {Regex.Escape(at)}$"), where);
            }
        }
        Assert.IsTrue(compared >= 10, $"compared {compared} blocks");
        EngineCases.Record($"{nameof(WrlscanInEngineTests)}.{nameof(WrlscanListsExactlyTheManifestsBlocksEachLinkedToItsCommand)}.{arch}.{(symbols ? "pdb" : "nopdb")}", compared);
    }
}
