using TfInit.Cli;
using TfInit.Cli.Commands;

return Cli.Run(args, Console.Out, Console.Error);
