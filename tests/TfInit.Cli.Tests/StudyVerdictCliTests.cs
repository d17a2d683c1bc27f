using System.Text.Json;
using TfInit.Analysis;

namespace TfInit.Cli.Tests;

/// <summary><c>tfinit study</c>'s backward columns, JSON fields and verdicts as a user sees them.</summary>
public sealed class StudyVerdictCliTests
{
    [Fact]
    public void HelpListsEveryVerdictRule()
    {
        var run = CliRun.Of("study", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (string rule in VerdictRules.Rules)
        {
            Assert.Contains(rule, run.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void JsonHasTheGradientFieldsAndAVerdict()
    {
        var runs = CliRun.Of("study", "--activation", "relu", "--init", "he_normal", "--input-shape", "200,100", "--depth", "4", "--json")
            .Json().GetProperty("runs");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Contains(run.GetProperty("verdict").GetString(), new[] { "healthy", "vanishing", "exploding", "saturated", "dead" });
        Assert.True(double.IsFinite(run.GetProperty("loss").GetDouble()));
        foreach (var layer in run.GetProperty("layers").EnumerateArray())
        {
            Assert.True(layer.GetProperty("grad_std").GetDouble() > 0);
            Assert.True(layer.GetProperty("weight_grad_std").GetDouble() > 0);
            Assert.True(layer.GetProperty("weight_grad_norm").GetDouble() > 0);
            Assert.False(layer.TryGetProperty("non_finite", out _));
        }
    }

    [Fact]
    public void AnOverflowIsExplodingWithNullsInJsonAndSaidInTheTable()
    {
        // Issue 17's reproducer: activations overflow float32 to Infinity. A result, not a crash.
        string[] args = ["study", "--input-shape", "100,100", "--depth", "12", "--width", "100", "--activation", "relu",
            "--init", """{"class_name":"RandomNormal","config":{"stddev":10000.0}}""", "--dtype", "float32"];
        var run = Assert.Single(CliRun.Of([.. args, "--json"]).Json().GetProperty("runs").EnumerateArray());
        Assert.Equal("exploding", run.GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("loss").ValueKind);
        var last = run.GetProperty("layers").EnumerateArray().Last();
        Assert.True(last.GetProperty("non_finite").GetBoolean());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("std").ValueKind);

        var table = CliRun.Of(args);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("verdict: exploding (the loss is not finite;", table.Output, StringComparison.Ordinal);
    }
}
