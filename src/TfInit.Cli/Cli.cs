using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using TfInit.Cli.CommandLine;
using TfInit.Cli.Commands;

namespace TfInit.Cli;

/// <summary>
/// The <c>tfinit</c> command tree (System.CommandLine) and its exit codes: 0 on success; 2 and one line on stderr for
/// a usage error (a command line the parser rejects, or a value, config or input file the library refuses: the
/// ArgumentException family, malformed or missing input files); 1 and one line for anything else, which is a bug to
/// report. An output that cannot be written to the end (<see cref="TfInit.IO.OutputWriteException"/>: disk full, size
/// limit, I/O error) is 1 too, with one line naming the path: the command line was right, the system failed.
/// </summary>
internal static class Cli
{
    public const int BadInput = 2;

    public const int InternalError = 1;

    /// <summary>An output the system could not write (disk full, size limit, I/O error): not a usage error, and not a bug.</summary>
    public const int Failed = 1;

    // No response files (an argument starting with '@' is a value, as it always was) and no bundling of short options.
    internal static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null, EnablePosixBundling = false };

    /// <summary>The commands by name, each made only when the tree holds it.</summary>
    private static readonly (string Name, Func<Command> Make)[] Commands =
    [
        ("list", () => new ListCommand()),
        ("init", () => new InitCommand()),
        ("study", () => new StudyCommand()),
        ("train", () => new TrainCommand()),
        ("bench", () => new BenchCommand()),
    ];

    /// <summary>The command tree; built per run so that concurrent in-process runs share no parse state.</summary>
    public static RootCommand Create() => Create(null);

    /// <summary>
    /// The command tree, or, when <paramref name="only"/> names a command, a root holding that command alone: a command
    /// line that starts with a command's name is parsed by that command and its options only, so the tree parses it
    /// the same, and a cold <c>tfinit init</c> does not build study's, train's and bench's options (nor load the
    /// assemblies their defaults come from).
    /// </summary>
    /// <param name="only">The first argument of the command line, or null for every command.</param>
    internal static RootCommand Create(string? only)
    {
        // Loops, not LINQ over the tuples: each LINQ instantiation over a value tuple is jitted at startup (ReadyToRun has none).
        bool named = false;
        foreach (var (name, _) in Commands)
        {
            named |= name == only;
        }

        var commands = new List<Command>(Commands.Length);
        foreach (var (name, make) in Commands)
        {
            if (!named || name == only)
            {
                commands.Add(make());
            }
        }

        var root = new RootCommand(
            "tfinit: neural network weight initialization, the Keras way, in .NET.\n\n" +
            string.Join('\n', commands.Select(Synopsis.Of)) +
            "\n\nRun 'tfinit COMMAND --help' for a command's options, their values and defaults.");
        foreach (var command in commands)
        {
            root.Subcommands.Add(command);
        }

        root.HelpName = "tfinit";   // not the entry assembly's name, which is the test host when run in process
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(Create(args.Length > 0 ? args[0] : null), args, output, error);

    /// <summary>Runs <paramref name="args"/> against <paramref name="root"/> with the tool's error handling and exit codes.</summary>
    internal static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0)
        {
            error.WriteLine("tfinit: error: give a command: list, init, study, train or bench ('tfinit --help' shows their options).");
            return BadInput;
        }

        if (args[0] == "help")
        {
            // 'tfinit help' and 'tfinit help init' read as --help, the way git and dotnet take them.
            args = [.. args[1..], "--help"];
        }

        var parsed = root.Parse(args, Parser);
        if (parsed.Action is ParseErrorAction)
        {
            error.WriteLine($"tfinit: error: {OneLine(ParseErrors.Describe(parsed))}");
            return BadInput;
        }

        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,   // the commands clean up after SIGINT/SIGTERM themselves
            });
        }
        catch (TfInit.IO.OutputWriteException e)
        {
            // The command line was fine; the system could not take the output (disk full, size limit, I/O error).
            error.WriteLine($"tfinit: error: {OneLine(e.Message)}");
            return Failed;
        }
        catch (Exception e) when (IsBadInput(e))
        {
            error.WriteLine($"tfinit: error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            // The last resort: the causes are fixed where they arise, but a bug must still end in one line, not a trace.
            error.WriteLine($"tfinit: internal error: {e.GetType().Name}: {OneLine(e.Message)} Please report it with the command line at {IssuesUrl}.");
            return InternalError;
        }
    }

    private static bool IsBadInput(Exception e) =>
        e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException;

    private static string IssuesUrl =>
        (typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryUrl")?.Value
         ?? "the project's repository") + "/issues";

    /// <summary>
    /// One line: ArgumentException appends " (Parameter 'x')" and "Actual value was y." on new lines, which become
    /// spaces; every other control character (a .npy header's \r, an ESC sequence read from a file) is escaped as
    /// \xNN so that a message cannot move the cursor, recolour or retitle the user's terminal.
    /// </summary>
    internal static string OneLine(string message)
    {
        string joined = string.Join(" ", message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var text = new System.Text.StringBuilder(joined.Length);
        foreach (char c in joined)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }
}
