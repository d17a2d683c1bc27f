using TfInit.Cli.Commands;

namespace TfInit.Cli;

/// <summary>Dispatches the verbs and turns bad input into one line on stderr and exit code 2.</summary>
internal static class Cli
{
    public const int BadInput = 2;

    /// <summary>The exit code of a failure that is tfinit's own fault, not the input's.</summary>
    public const int InternalError = 1;

    private static readonly string Help = $"""
        tfinit: neural network weight initialization, the Keras way, in .NET.

        Usage:
          {ListCommand.Usage}
          {InitCommand.Usage}
          {StudyCommand.Usage}
          {TrainCommand.Usage}

        Run 'tfinit VERB --help' for a verb's usage.
        """;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            error.WriteLine("tfinit: error: give a command: list, init, study or train ('tfinit --help' shows their options).");
            return BadInput;
        }

        if (args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Help);
            return 0;
        }

        var rest = args.Skip(1).ToArray();
        try
        {
            if (rest.Contains("--help") || rest.Contains("-h"))
            {
                output.WriteLine(args[0] switch
                {
                    "list" => ListCommand.Usage,
                    "init" => InitCommand.Usage,
                    "study" => StudyCommand.Usage,
                    "train" => TrainCommand.Usage,
                    _ => Help,
                });
                return 0;
            }

            return args[0] switch
            {
                "list" => ListCommand.Run(rest, output),
                "init" => InitCommand.Run(rest, output, error),
                "study" => StudyCommand.Run(rest, output, error),
                "train" => TrainCommand.Run(rest, output, error),
                _ => throw new UsageException($"unknown command '{args[0]}'; commands: list, init, study, train."),
            };
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException)
        {
            error.WriteLine($"tfinit: error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Last resort: every bad input is meant to surface above as an ArgumentException naming the option; anything
            // reaching here is a defect in tfinit, reported in one line with exit code 1 instead of a stack trace and 134.
            error.WriteLine($"tfinit: internal error ({e.GetType().Name}): {OneLine(e.Message)}; please report it with the command line.");
            return InternalError;
        }
    }

    private static string OneLine(string message)
    {
        // ArgumentException appends " (Parameter 'x')" and ArgumentOutOfRange "Actual value was y." on new lines.
        return string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }
}
