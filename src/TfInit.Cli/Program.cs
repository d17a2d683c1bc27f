using TfInit.Cli;
using TfInit.IO;

// SIGINT/SIGTERM during a write delete its temporaries (.NAME.PID.GUID.tmp), then end the process as usual.
TemporaryFiles.DeleteOnTermination();
return Cli.Run(args, Console.Out, Console.Error);
