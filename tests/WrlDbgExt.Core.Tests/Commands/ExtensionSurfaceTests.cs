using System.Text.RegularExpressions;
using System.Xml.Linq;
using WrlDbgExt.Core.Commands;
using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Core.Tests.Commands;

/// <summary>
/// The extension's native exports, its export list and the gallery manifest name exactly the declared
/// extension commands: a command added to the core without them (or a stale one left behind) fails here.
/// </summary>
[TestClass]
public partial class ExtensionSurfaceTests
{
    private static string Native(string file) => Path.Combine(SharedTestData.RepoRoot, "src", "native", "extension", file);

    private static string[] Declared => CommandCatalog.Extension.Select(c => c.Declaration.ExtensionName!).Order().ToArray();

    [GeneratedRegex(@"^\s*X\((\w+)\)", RegexOptions.Multiline)]
    private static partial Regex CommandListEntry();

    [TestMethod]
    public void TheDefFileExportsEveryDeclaredCommandAndNothingElse()
    {
        var exports = File.ReadAllLines(Native("wrldbgext.def"))
            .SkipWhile(l => l.Trim() != "EXPORTS").Skip(1)
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith(';'))
            .Where(l => !l.StartsWith("DebugExtension", StringComparison.Ordinal))
            .Order().ToArray();
        CollectionAssert.AreEqual(Declared, exports);
    }

    [TestMethod]
    public void TheLoadersCommandListIsTheDeclaredOne()
    {
        var source = File.ReadAllText(Native("wrldbgext.cpp"));
        int start = source.IndexOf("#define WRLDBGEXT_COMMANDS(X)", StringComparison.Ordinal);
        Assert.IsTrue(start >= 0, "the loader keeps its commands in the WRLDBGEXT_COMMANDS list");
        int end = source.IndexOf("\n\n", start, StringComparison.Ordinal);
        var listed = CommandListEntry().Matches(source[start..end].Replace("\\", "\n")).Select(m => m.Groups[1].Value).Order().ToArray();
        CollectionAssert.AreEqual(Declared, listed);
    }

    [TestMethod]
    public void TheGalleryManifestClaimsExactlyTheDeclaredCommandsWithTheirSynopsis()
    {
        var doc = XDocument.Load(Native("GalleryManifest.xml"));
        var commands = doc.Descendants("EngineCommand").ToDictionary(e => (string)e.Attribute("Name")!, e => e.Descendants("Syntax").Single().Value);
        CollectionAssert.AreEqual(Declared, commands.Keys.Order().ToArray());
        foreach (var command in CommandCatalog.Extension)
            Assert.AreEqual(CommandSyntax.Synopsis(HostSyntax.Extension, command.Declaration), commands[command.Declaration.ExtensionName!]);
    }

    [TestMethod]
    public void EveryDeclarationIsComplete()
    {
        foreach (var command in CommandCatalog.All)
        {
            var d = command.Declaration;
            Assert.IsTrue(d.Summary.Length is > 10 and < 140, d.Name);
            Assert.IsTrue(d.Hosts.HasFlag(CommandHosts.Extension) == d.ExtensionName is not null, d.Name);
            Assert.AreEqual(d.AllOptions.Count, d.AllOptions.Select(o => o.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count(), d.Name);
            Assert.IsTrue(d.Arguments.SkipWhile(a => a.Required).All(a => !a.Required), $"{d.Name}: optional arguments come last");
        }
    }
}
