using System.Text.Json;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// Issue 14's fan-axis inputs through <c>tfinit init</c>: JAX's tuple axes, Keras 3.15's input_axes / output_axes and
/// the stats they give, and bad axes as one-line errors (the upstream JAX and Keras tests are ported in
/// TfInit.Tests/Upstream).
/// </summary>
public sealed class FanAxesCommandTests
{
    /// <summary>
    /// The command of issue 14 that died with an unhandled InvalidOperationException (exit 134): JAX's tuple in_axis (0, 1)
    /// with out_axis -1 on (4, 5, 6, 7). JAX's _compute_fans: in_size 4 * 5, out_size 7, receptive field 6.
    /// </summary>
    [Fact]
    public void TupleInAxisRunsAndStatsReportJaxFans()
    {
        var (code, output, error) = CliRunner.Run("init",
            """{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal", "in_axis": [0, 1], "out_axis": -1}}""",
            "--shape", "4,5,6,7", "--format", "stats");
        Assert.True(code == 0, error);
        using var stats = JsonDocument.Parse(output);
        Assert.Equal(4 * 5 * 6, stats.RootElement.GetProperty("fan_in").GetInt64());
        Assert.Equal(7 * 6, stats.RootElement.GetProperty("fan_out").GetInt64());
    }

    /// <summary>
    /// Issue 14, item 5: stats report the fans the initializer used. in_axis 0, out_axis 3 on (2, 3, 4, 5): receptive
    /// field 3 * 4, fan_in 2 * 12, fan_out 5 * 12 (the layout alone would say 30 for fan_out).
    /// </summary>
    [Fact]
    public void StatsUseTheInitializersOwnAxes()
    {
        using var stats = JsonDocument.Parse(CliRunner.Ok("init", """{"class_name": "VarianceScaling", "config": {"in_axis": 0, "out_axis": 3}}""", "--shape", "2,3,4,5", "--format", "stats"));
        Assert.Equal(2 * 12, stats.RootElement.GetProperty("fan_in").GetInt64());
        Assert.Equal(5 * 12, stats.RootElement.GetProperty("fan_out").GetInt64());

        using var keras = JsonDocument.Parse(CliRunner.Ok("init", """{"class_name": "VarianceScaling", "config": {"input_axes": [0], "output_axes": [1, 2]}}""", "--shape", "512,8,64", "--format", "stats"));
        Assert.Equal(512, keras.RootElement.GetProperty("fan_in").GetInt64());
        Assert.Equal(8 * 64, keras.RootElement.GetProperty("fan_out").GetInt64());
    }

    /// <summary>
    /// No input ends in an unhandled exception (issue 14): axis lists that name an axis twice, axes outside the rank,
    /// non-integer axes and Keras and JAX axes together are one-line errors (exit code 2) naming the config key.
    /// </summary>
    [Theory]
    [InlineData("""{"in_axis": [0, 0], "out_axis": 3}""", "in_axis")]
    [InlineData("""{"in_axis": [0, 1], "out_axis": [1, 3]}""", "out_axis")]
    [InlineData("""{"in_axis": 9, "out_axis": -1}""", "in_axis")]
    [InlineData("""{"in_axis": [0], "out_axis": -1, "batch_axis": [7]}""", "batch_axis")]
    [InlineData("""{"in_axis": [0.5], "out_axis": -1}""", "in_axis")]
    [InlineData("""{"in_axis": "0", "out_axis": -1}""", "in_axis")]
    [InlineData("""{"input_axes": [0], "output_axes": [9]}""", "output_axes")]
    [InlineData("""{"input_axes": [0], "output_axes": [1], "in_axis": 0}""", "input_axes")]
    public void BadAxesAreOneLineErrors(string config, string key)
    {
        var (code, output, error) = CliRunner.Run("init", $$"""{"class_name": "VarianceScaling", "config": {{config}}}""", "--shape", "2,3,4,5", "--format", "stats");
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("tfinit: error: ", error, StringComparison.Ordinal);
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

}
