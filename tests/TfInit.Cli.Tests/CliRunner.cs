

namespace TfInit.Cli.Tests;

/// <summary>Runs the tfinit command in process (Cli.Run) with captured stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = TfInit.Cli.Cli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs and asserts success with nothing on stderr.</summary>
    public static string Ok(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.True(code == 0, $"tfinit {string.Join(" ", args)} exited with {code}: {error}");
        Assert.Equal("", error);
        return output;
    }
}
