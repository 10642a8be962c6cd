namespace WrlDbgExt.Engine.Tests;

/// <summary>QueryInterface and Release paths of ComInterface and DebugSession, on fake objects.</summary>
[TestClass]
public sealed class ComInterfaceTests
{
    [TestInitialize]
    public void Header() => DbgEngHeader.Require();

    [TestMethod]
    public void QueryReturnsTheInterfaceWithAReferenceOrZero()
    {
        using var fakes = new Fakes();
        var client = fakes.Make("IDebugClient");
        var control = fakes.Make("IDebugControl");
        client.Answer(control);

        nint p = DbgEng.ComInterface.Query(client.Pointer, DbgEngHeader.Iid("IDebugControl"));
        Assert.AreEqual(control.Pointer, p);
        Assert.AreEqual(2, control.References, "QueryInterface hands out a reference");
        Assert.AreEqual(0, DbgEng.ComInterface.Query(client.Pointer, DbgEngHeader.Iid("IDebugSymbols")), "unknown IID");
        Assert.AreEqual(0, DbgEng.ComInterface.Query(0, DbgEngHeader.Iid("IDebugControl")), "null pointer");
        Assert.AreEqual(1, client.References, "a failed query leaves no reference behind");
    }

    [TestMethod]
    public void DisposeReleasesOnceAndThePointerIsGoneAfterwards()
    {
        using var fakes = new Fakes();
        var data = fakes.Make("IDebugDataSpaces");
        data.References = 2; // one for the test, one the wrapper owns
        var wrapper = new DbgEng.DebugDataSpaces(data.Pointer);
        wrapper.Dispose();
        wrapper.Dispose();
        Assert.AreEqual(1, data.References);
        Assert.AreEqual(1, data.CallsTo("Release").Count());
        Assert.ThrowsExactly<ObjectDisposedException>(() => _ = wrapper.Pointer);
    }

    /// <summary>A client that answers the four interfaces a session needs (each its own fake).</summary>
    private static (FakeCom Client, FakeCom[] Parts) Client(Fakes fakes, params string[] missing)
    {
        var client = fakes.Make("IDebugClient");
        var parts = new[] { "IDebugControl", "IDebugDataSpaces", "IDebugSymbols" }.Select(fakes.Make).ToArray();
        foreach (var part in parts.Where(p => !missing.Contains(p.Interface))) client.Answer(part);
        return (client, parts);
    }

    [TestMethod]
    public void OpenQueriesEachInterfaceOnceAndDisposeReleasesThemAll()
    {
        using var fakes = new Fakes();
        var (client, parts) = Client(fakes);
        var session = DebugSession.Open(client.Pointer);
        Assert.IsNotNull(session);
        Assert.AreEqual(2, client.References, "the session's IDebugClient reference");
        Assert.IsTrue(parts.All(p => p.References == 2), "one reference per interface");
        Assert.AreEqual(client.Pointer, session.Client.Pointer);
        Assert.AreEqual(parts[0].Pointer, session.Control.Pointer);
        Assert.AreEqual(parts[1].Pointer, session.Data.Pointer);
        Assert.AreEqual(parts[2].Pointer, session.Symbols.Pointer);

        session.Dispose();
        Assert.AreEqual(1, client.References);
        Assert.IsTrue(parts.All(p => p.References == 1), string.Join(", ", parts.Select(p => $"{p.Interface} {p.References}")));
    }

    [TestMethod]
    [DataRow("IDebugControl")]
    [DataRow("IDebugDataSpaces")]
    [DataRow("IDebugSymbols")]
    public void OpenWithAnInterfaceMissingReturnsNullAndReleasesTheOthers(string missing)
    {
        using var fakes = new Fakes();
        var (client, parts) = Client(fakes, missing);
        Assert.IsNull(DebugSession.Open(client.Pointer));
        Assert.AreEqual(1, client.References);
        Assert.IsTrue(parts.All(p => p.References == 1), string.Join(", ", parts.Select(p => $"{p.Interface} {p.References}")));
    }

    [TestMethod]
    public void OpenOnNullIsNull() => Assert.IsNull(DebugSession.Open(0));
}
