using WrlDbgExt.Pdb.Tests.Support;

namespace WrlDbgExt.Pdb.Tests;

/// <summary>The oracle and the toolchain are there (under CI=true their absence is a failure, not a skip).</summary>
[TestClass]
public sealed class PrerequisiteTests
{
    [TestMethod]
    public void LlvmPdbUtilIsAvailable() => StringAssert.Contains(ExternalTool.Run("llvm-pdbutil", "--version"), "LLVM");

    [TestMethod]
    public void ClangAndLldLinkAreAvailable()
    {
        ExternalTool.Run("clang++", "--version");
        ExternalTool.Require("lld-link");
    }
}
