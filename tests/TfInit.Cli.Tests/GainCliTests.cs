using TfInit.Initializers;

namespace TfInit.Cli.Tests;

/// <summary><c>tfinit list</c> shows the computed gains beside PyTorch's table; <c>he_for:NAME</c> on the command line.</summary>
public sealed class GainCliTests
{
    [Fact]
    public void ListShowsComputedGainsNextToCalculateGain()
    {
        var run = CliRun.Of("list");
        Assert.Equal(0, run.ExitCode);
        string[] lines = run.Output.Split('\n');
        string Row(string name) => Assert.Single(lines, l => l.StartsWith($"    {name} ", StringComparison.Ordinal));
        Assert.Equal(["relu", "1.4142", "1.4142"], Row("relu").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["tanh", "1.5925", "1.6667"], Row("tanh").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["gelu", "1.5335", "-"], Row("gelu").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ListJsonHasTheGains()
    {
        var gains = CliRun.Of("list", "--json").Json().GetProperty("gains").EnumerateArray().ToList();
        var gelu = Assert.Single(gains, g => g.GetProperty("activation").GetString() == "gelu");
        Assert.Equal(Gain.Compute("gelu"), gelu.GetProperty("computed").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, gelu.GetProperty("calculate_gain").ValueKind);
        var selu = Assert.Single(gains, g => g.GetProperty("activation").GetString() == "selu");
        Assert.Equal(0.75, selu.GetProperty("calculate_gain").GetDouble());
    }

    [Fact]
    public void HeForIsVarianceScalingWithTheSquaredComputedGain()
    {
        var runs = CliRun.Of("study", "--init", "he_for:gelu", "--input-shape", "50,20", "--depth", "2", "--json").Json().GetProperty("runs");
        var initializer = Assert.Single(runs.EnumerateArray()).GetProperty("initializer");
        Assert.Equal("VarianceScaling", initializer.GetProperty("class_name").GetString());
        var config = initializer.GetProperty("config");
        Assert.Equal(Math.Pow(Gain.Compute("gelu"), 2), config.GetProperty("scale").GetDouble(), 1e-15);
        Assert.Equal("fan_in", config.GetProperty("mode").GetString());
        Assert.Equal("truncated_normal", config.GetProperty("distribution").GetString());
    }

    [Fact]
    public void HeForAnUnknownActivationIsAUsageErrorNamingTheFlag()
    {
        string line = CliRun.Of("study", "--init", "he_for:softmax").BadInputLine();
        Assert.Contains("--init 'he_for:softmax'", line, StringComparison.Ordinal);
        Assert.Contains("gelu", line, StringComparison.Ordinal);
        Assert.Contains("NAME_OR_JSON 'he_for:x'", CliRun.Of("init", "he_for:x", "--shape", "2").BadInputLine(), StringComparison.Ordinal);
    }
}
