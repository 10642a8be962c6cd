using WrlDbgExt.Cli;

// Ctrl+C cancels the running command (exit 130) instead of killing the process mid-write; in analyze's
// interactive session only the command (CliInterrupt).
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (!CliInterrupt.Raise()) cancel.Cancel();
};
return Cli.Run(args, Console.Out, Console.Error, cancel.Token);
