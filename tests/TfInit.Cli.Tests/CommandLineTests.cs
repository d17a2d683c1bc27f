using System.CommandLine;
using System.Reflection;
using System.Text;

namespace TfInit.Cli.Tests;

/// <summary>
/// The command line itself (System.CommandLine): every documented form still parses, and the additions of issue 11
/// (--version, per-command help with values and defaults, typo suggestions, completion, exit codes) work.
/// </summary>
public sealed class CommandLineTests
{
    private const string Json = """{"class_name": "GlorotUniform", "config": {"seed": 1}}""";

    /// <summary>Every flag of the README's synopses, in each spelling the old parser took (--name value, --name=value, -o).</summary>
    public static TheoryData<string[]> DocumentedCommandLines() => new()
    {
        { ["list"] },
        { ["list", "--json"] },
        { ["init", "he_normal", "--shape", "64,32"] },
        { ["init", Json, "--shape", "3,3,16,32", "-o", "w.npy"] },
        { ["init", "he_normal", "--shape", "64,32", "--seed", "7", "--rng", "numpy", "--dtype", "float64", "--layout", "torch", "--format", "stats", "--output", "w.json"] },
        { ["init", "he_normal", "--shape=64,32", "--seed=7", "--rng=philox", "--dtype=float32", "--layout=keras", "--format=json"] },
        { ["init", "--shape", "4", "constant", "--seed", "0"] },
        { ["study"] },
        { ["study", "--preset", "cs231n"] },
        { ["study", "--preset", "blog", "--seed", "3", "--rng", "numpy", "--dtype", "float64", "--bias", "--json", "--out", "dir"] },
        { ["study", "--input-shape", "1000,500", "--widths", "500,500", "--activation", "relu", "--init", "he_normal", "--init", Json, "--batch-norm"] },
        { ["study", "--depth", "10", "--width", "500", "--activation", "tanh"] },
        { ["train"] },
        { ["train", "--preset", "deep-mlp", "--data", "dir", "--depth", "20", "--width", "256", "--activation", "relu", "--batch-norm",
            "--optimizer", "adam", "--lr", "0.01", "--momentum", "0.9", "--epochs", "2", "--batch-size", "64", "--train-limit", "100",
            "--seed", "1", "--json", "--out", "dir"] },
        { ["train", "--init", "he_normal", "--init", "lsuv", "--init", Json] },
    };

    [Theory]
    [MemberData(nameof(DocumentedCommandLines))]
    public void EveryDocumentedFormParses(string[] args)
    {
        var parsed = Cli.Create().Parse(args, Cli.Parser);
        Assert.True(parsed.Errors.Count == 0, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        Assert.Equal(args[0], parsed.CommandResult.Command.Name);
    }

    [Fact]
    public void EveryExampleInTheReadmesParses()
    {
        var lines = ReadmeExamples().ToList();
        Assert.True(lines.Count >= 5, $"found only {lines.Count} example command lines");
        foreach (var args in lines)
        {
            var parsed = Cli.Create().Parse(args, Cli.Parser);
            Assert.True(parsed.Errors.Count == 0, $"tfinit {string.Join(' ', args)}: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        }
    }

    [Fact]
    public void RepeatedInitKeepsEveryValueInOrder()
    {
        var parsed = Cli.Create().Parse(["study", "--init", "a", "--init", Json], Cli.Parser);
        Assert.Equal(["a", Json], parsed.GetValue<string[]>("--init")!);
    }

    [Fact]
    public void VersionPrintsTheAssemblyVersion()
    {
        var run = CliRun.Of("--version");
        Assert.Equal(0, run.ExitCode);
        string expected = typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, run.Output.Trim());
        Assert.StartsWith("0.", expected, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("init", "--rng <philox|numpy>", "[default: philox]")]
    [InlineData("init", "--dtype <float32|float64|...>", "[default: float32]")]
    [InlineData("init", "--format <npy|json|stats>", "npy with -o, else json")]
    [InlineData("init", "-o, --output <FILE>", "--shape <64,32> (REQUIRED)")]
    [InlineData("study", "--depth <10>", "[default: 10]")]
    [InlineData("study", "--activation <linear|relu|...>", "[default: tanh]")]
    [InlineData("train", "--optimizer <sgd|adam>", "[default: sgd]")]
    [InlineData("train", "--batch-size <64>", "[default: 64]")]
    [InlineData("list", "--json", "Every initializer")]
    public void CommandHelpListsEachOptionWithItsValuesAndDefault(string command, string option, string shown)
    {
        foreach (string[] args in new[] { [command, "--help"], [command, "-h"], new[] { "help", command } })
        {
            var run = CliRun.Of(args);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Contains(option, run.Output, StringComparison.Ordinal);
            Assert.Contains(shown, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryOptionOfEveryCommandHasADescriptionInItsHelp()
    {
        foreach (var command in Cli.Create().Subcommands)
        {
            string help = CliRun.Of(command.Name, "--help").Output;
            foreach (var option in command.Options)
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{command.Name} {option.Name} has no description");
                Assert.Contains(option.Name, help, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("did you mean '--seed'?", "init", "he_normal", "--shape", "4", "--sed", "1")]
    [InlineData("did you mean '--width'?", "study", "--widht", "5")]
    [InlineData("did you mean '--json'?", "list", "--jsno")]
    [InlineData("did you mean 'init'?", "iint")]
    [InlineData("did you mean 'study'?", "stdy")]
    public void ATypoGetsASuggestion(string suggestion, params string[] args)
    {
        string line = CliRun.Of(args).BadInputLine();
        Assert.Contains(suggestion, line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnrelatedWordGetsNoSuggestion()
    {
        string line = CliRun.Of("frobnicate").BadInputLine();
        Assert.DoesNotContain("did you mean", line, StringComparison.Ordinal);
        Assert.Contains("'frobnicate'", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tfinit init he_normal --r", "--rng")]
    [InlineData("tfinit init he_normal --rng ", "numpy")]
    [InlineData("tfinit init he_n", "he_normal")]
    [InlineData("tfinit st", "study")]
    [InlineData("tfinit train --optimizer ", "adam")]
    public void TheSuggestDirectiveCompletes(string line, string expected)
    {
        var run = CliRun.Of($"[suggest:{line.Length}]", line);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(expected, run.Output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void AnInternalErrorIsOneLineWithExitCode1()
    {
        var root = Cli.Create();
        var boom = new Command("boom");
        boom.SetAction(new Func<ParseResult, int>(_ => throw new InvalidOperationException("broken\ninvariant")));
        root.Subcommands.Add(boom);
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(root, ["boom"], output, error);
        Assert.Equal(1, code);
        string[] lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("tfinit: internal error: InvalidOperationException: broken invariant", lines[0], StringComparison.Ordinal);
        Assert.Contains("/issues", lines[0], StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void AUsageErrorIsExitCode2AndAnInternalOneIsNot()
    {
        Assert.Equal(2, CliRun.Of("init", "he_normal", "--shape", "4", "--rng", "mt").ExitCode);
        Assert.Equal(2, CliRun.Of("init", "he_normal").ExitCode);
        Assert.Equal(2, CliRun.Of("study", "--depth", "x").ExitCode);
    }

    private static IEnumerable<string[]> ReadmeExamples()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "TfInit.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("no TfInit.sln above the test binaries");
        }

        foreach (string readme in new[] { "README.md", "src/TfInit.Cli/README.md" })
        {
            bool inShell = false;
            foreach (string raw in File.ReadLines(Path.Combine(root, readme)))
            {
                if (raw.StartsWith("```", StringComparison.Ordinal))
                {
                    inShell = raw is "```sh" or "```bash";
                    continue;
                }

                string line = raw.Split(" # ")[0].Trim();
                int at = line.IndexOf("tfinit ", StringComparison.Ordinal);
                if (inShell && at >= 0 && (at == 0 || line[at - 1] == '/') && !line.Contains("install", StringComparison.Ordinal))
                {
                    yield return ShellWords(line[(at + "tfinit ".Length)..]);
                }
            }
        }
    }

    /// <summary>Splits a sh command line: whitespace separates words, single and double quotes group.</summary>
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
