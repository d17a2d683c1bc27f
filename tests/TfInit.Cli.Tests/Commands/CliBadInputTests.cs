using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>Every bad command line: exit code 2, exactly one line on stderr (naming the problem), nothing on stdout.</summary>
public sealed class CliBadInputTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfinit-cli-bad-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string[], string> BadCommandLines() => new()
    {
        { ["init"], "initializer" },
        { ["init", "he_normal", "glorot_uniform", "--shape", "4,4"], "exactly one" },
        { ["init", "he_normal"], "--shape" },
        { ["init", "he_normal", "--shape"], "--shape" },
        { ["init", "he_normal", "--shape", "-1,3"], "(-1, 3)" },
        { ["init", "he_normal", "--shape", "-1,3"], "(-1, 3)" },
        { ["init", "he_normal", "--shape", "65536,65536"], "(65536, 65536)" },
        { ["init", "he_normal", "--shape", "a,b"], "'a,b'" },
        { ["init", "he_normal", "--shape", "4,4", "--shape", "4,4"], "--shape" },
        { ["init", "he_normall", "--shape", "4,4"], "'he_normall'" },
        { ["init", "{\"class_name\": ", "--shape", "4,4"], "malformed" },
        { ["init", "{\"class_name\": \"HeNormal\", \"config\": {\"seeed\": 1}}", "--shape", "4,4"], "seeed" },
        { ["init", "{\"class_name\": \"VarianceScaling\", \"config\": {\"mode\": \"fan_sum\"}}", "--shape", "4,4"], "fan_sum" },
        { ["init", "{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 0.0}}", "--shape", "4,4"], "scale" },
        { ["init", "{\"class_name\": \"RandomNormal\", \"config\": {\"stddev\": -1.0}}", "--shape", "4,4"], "stddev" },
        { ["init", "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": 1.0, \"maxval\": 0.0}}", "--shape", "4,4"], "maxval" },
        { ["init", "{\"class_name\": \"Sparse\", \"config\": {\"sparsity\": 1.0}}", "--shape", "4,4"], "sparsity" },
        { ["init", "sparse", "--shape", "4,4"], "sparsity" },
        { ["init", "he_normal", "--shape", "4,4", "--seed", "-1"], "seed" },
        { ["init", "he_normal", "--shape", "4,4", "--seed", "4294967296"], "4294967296" },
        { ["init", "he_normal", "--shape", "4,4", "--seed", "abc"], "--seed" },
        { ["init", "he_normal", "--shape", "4,4", "--rng", "mt"], "--rng" },
        { ["init", "he_normal", "--shape", "4,4", "--dtype", "float8"], "--dtype" },
        { ["init", "he_normal", "--shape", "4,4", "--format", "csv"], "--format" },
        { ["init", "he_normal", "--shape", "4,4", "--format", "npy"], "-o" },
        { ["init", "he_normal", "--shape", "4,4", "--layout", "jax"], "--layout" },
        { ["init", "he_normal", "--shape", "8", "--layout", "torch"], "rank" },
        { ["init", "he_normal", "--shape", "4,4", "--bogus"], "--bogus" },
        { ["init", "orthogonal", "--shape", "5"], "rank" },
        { ["init", "identity", "--shape", "2,2,2"], "rank" },
        { ["init", "dirac", "--shape", "3,3"], "rank" },
        { ["init", "delta_orthogonal", "--shape", "3,3,8,4"], "<=" },
        { ["init", "xavier_uniform", "--shape", "300000"], "rank" },     // the multi-threaded fill path
        { ["init", "{\"class_name\": \"Pretrained\", \"config\": {\"path\": \"/nonexistent/w.npy\"}}", "--shape", "2,2"], "/nonexistent/w.npy" },
        { ["frobnicate"], "frobnicate" },
        { ["list", "extra"], "extra" },
        { ["list", "--bogus"], "--bogus" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void ExitsWithTwoAndOneLineOnStderr(string[] args, string mentioned)
    {
        var (code, output, error) = CliRunner.Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        AssertOneLine(error, mentioned);
    }

    [Theory]
    [InlineData("npy")]
    [InlineData("json")]
    [InlineData("stats")]
    public void OutputIntoAMissingDirectoryFailsAndLeavesNoFile(string format)
    {
        string missing = Path.Combine(_directory, "missing");
        string path = Path.Combine(missing, "w." + format);
        var (code, output, error) = CliRunner.Run("init", "he_normal", "--shape", "4,4", "--format", format, "-o", path);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        AssertOneLine(error, "missing");
        Assert.False(Directory.Exists(missing));
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void AFailedRunLeavesAnExistingOutputFileUntouched()
    {
        string path = Path.Combine(_directory, "w.npy");
        File.WriteAllText(path, "previous");
        var (code, _, error) = CliRunner.Run("init", "orthogonal", "--shape", "5", "-o", path);
        Assert.Equal(2, code);
        AssertOneLine(error, "rank");
        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_directory));
    }

    [Fact]
    public void NoArgumentsExitsWithTwo()
    {
        var (code, output, error) = CliRunner.Run();
        Assert.Equal(2, code);
        Assert.Empty(output);
        AssertOneLine(error, "init");
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    private static void AssertOneLine(string error, string mentioned)
    {
        Assert.EndsWith(Environment.NewLine, error, StringComparison.Ordinal);
        string line = error[..^Environment.NewLine.Length];
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.StartsWith("tfinit: error: ", line, StringComparison.Ordinal);
        Assert.Contains(mentioned, line, StringComparison.Ordinal);
    }
}
