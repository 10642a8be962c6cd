namespace WrlDbgExt.Dumps.Tests;

[TestClass]
public sealed class PrintableTextTests
{
    [TestMethod]
    public void Sanitize_EscapesControlAndBidiCharacters()
    {
        Assert.AreEqual(@"a\x0Ab\x1B[0m\u202Ec", PrintableText.Sanitize("a\nb\u001b[0m\u202Ec"));
    }

    [TestMethod]
    public void Sanitize_KeepsPrintableTextAndSurrogatePairs()
    {
        Assert.AreEqual(@"C:\Windows\ntdll.dll é 😀", PrintableText.Sanitize(@"C:\Windows\ntdll.dll é 😀"));
    }

    [TestMethod]
    public void Sanitize_EscapesLoneSurrogatesAndCutsLongText()
    {
        Assert.AreEqual(@"x\uD800y", PrintableText.Sanitize("x\uD800y"));
        Assert.AreEqual("abc…", PrintableText.Sanitize("abcdef", maxLength: 3));
    }
}
