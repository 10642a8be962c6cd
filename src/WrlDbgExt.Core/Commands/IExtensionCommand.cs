namespace WrlDbgExt.Core.Commands;

/// <summary>One bang command (<c>!wrlweak</c>…), written once for every debugger host.</summary>
public interface IExtensionCommand
{
    /// <summary>Name without the bang.</summary>
    string Name { get; }

    /// <summary>One line for <c>!help</c>.</summary>
    string Summary { get; }

    /// <summary>Full usage for <c>-?</c>.</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns false when it failed (it has already said why).</summary>
    bool Run(ICommandHost host, CommandArguments args);
}
