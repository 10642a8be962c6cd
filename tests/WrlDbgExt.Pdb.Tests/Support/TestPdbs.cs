using WrlDbgExt.TestSupport;

namespace WrlDbgExt.Pdb.Tests.Support;

/// <summary>
/// The PDBs every conformance test runs over: the target fixtures (scripts/make-fixtures.sh) and the layouts
/// PDB that the tests compile from Native/layouts.cpp, each for x64 and x86.
/// </summary>
internal static class TestPdbs
{
    private static readonly object BuildLock = new();
    private static readonly string[] Arches = ["x64", "x86"];

    /// <summary>"arch/name" keys for [DynamicData].</summary>
    public static IEnumerable<object[]> All()
    {
        foreach (var arch in Arches)
        {
            yield return [$"{arch}/weak_refs"];
            yield return [$"{arch}/memory_buffers"];
            yield return [$"{arch}/layouts"];
        }
        // Other block sizes: 8192 from lld's /pdbpagesize, 512 and 2048 repacked by the tests' own MSF writer.
        yield return ["x64/layouts-8192"];
        yield return ["x86/layouts-512"];
        yield return ["x64/weak_refs-2048"];
    }

    /// <summary>The file for a key from <see cref="All"/>; fails under CI (skips otherwise) when it cannot be had.</summary>
    public static string PathOf(string key)
    {
        var (arch, name) = (key.Split('/')[0], key.Split('/')[1]);
        if (name == "layouts") return Layouts(arch, 4096);
        if (name == "layouts-8192") return Layouts(arch, 8192);
        if (name is "layouts-512" or "weak_refs-2048")
        {
            int size = int.Parse(name[(name.IndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            return Repacked(PathOf($"{arch}/{name[..name.IndexOf('-')]}"), $"{arch}-{name}", size);
        }
        var path = Path.Combine(SharedTestData.RepoRoot, "artifacts", "fixtures", arch, name + ".pdb");
        if (!File.Exists(path))
        {
            string reason = $"{path} is missing: run scripts/make-fixtures.sh";
            if (Prerequisites.IsCi) Assert.Fail(reason);
            Assert.Inconclusive(reason);
        }
        return path;
    }

    private static string Repacked(string source, string stem, int blockSize)
    {
        var dir = Path.Combine(SharedTestData.RepoRoot, "artifacts", "pdb-tests", "repacked");
        var path = Path.Combine(dir, stem + ".pdb");
        lock (BuildLock)
        {
            if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) < File.GetLastWriteTimeUtc(source))
            {
                Directory.CreateDirectory(dir);
                File.WriteAllBytes(path, MsfRepacker.Repack(File.ReadAllBytes(source), blockSize));
            }
        }
        return path;
    }

    private static string Layouts(string arch, int blockSize)
    {
        var outDir = Path.Combine(SharedTestData.RepoRoot, "artifacts", "pdb-tests", arch);
        string stem = blockSize == 4096 ? "layouts" : $"layouts-{blockSize}";
        var pdb = Path.Combine(outDir, stem + ".pdb");
        var source = Path.Combine(SharedTestData.RepoRoot, "tests", "WrlDbgExt.Pdb.Tests", "Native", "layouts.cpp");
        lock (BuildLock)
        {
            if (File.Exists(pdb) && File.GetLastWriteTimeUtc(pdb) >= File.GetLastWriteTimeUtc(source)) return pdb;
            Directory.CreateDirectory(outDir);
            var obj = Path.Combine(outDir, stem + ".obj");
            string triple = arch == "x64" ? "x86_64-pc-windows-msvc" : "i686-pc-windows-msvc";
            // -fstandalone-debug: full definitions of every class, not only those with a key function here.
            ExternalTool.Run("clang++", $"--target={triple}", "-std=c++17", "-g", "-gcodeview", "-fstandalone-debug", "-O0",
                "-fno-exceptions", "-fno-rtti", "-c", source, "-o", obj);
            ExternalTool.Run("lld-link", "/nologo", "/dll", "/noentry", "/nodefaultlib", "/debug", "/brepro", $"/machine:{arch}",
                $"/pdbpagesize:{blockSize}", $"/out:{Path.Combine(outDir, stem + ".dll")}", $"/pdb:{pdb}", obj);
        }
        return pdb;
    }
}
