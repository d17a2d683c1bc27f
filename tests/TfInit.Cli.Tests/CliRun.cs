using System.Text.Json;

namespace TfInit.Cli.Tests;

/// <summary>Runs the tfinit command in process and captures what it prints.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Run(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Error}");
        return JsonDocument.Parse(Output).RootElement.Clone();
    }

    /// <summary>Bad input: exit code 2 and exactly one line on stderr, which is returned.</summary>
    public string BadInputLine()
    {
        Assert.True(ExitCode == 2, $"expected exit 2, got {ExitCode}; stderr: {Error}");
        var lines = Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return lines[0];
    }
}
