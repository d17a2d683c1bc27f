using System.Globalization;

namespace TfInit.Cli.Tests;

public sealed class StudyCommandTests
{
    private const string Small = """{"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 0.01}}""";
    private const string He = """{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "untruncated_normal"}}""";

    [Theory]
    [InlineData("tanh", "small", Small, 7)]
    [InlineData("relu", "he", He, 7)]
    // --init takes Python too: the tutorial's numpy line, and its TF 1.x equivalent of RandomNormal(0, 0.01).
    [InlineData("tanh", "small", "W = tf.Variable(np.random.randn(node_in, node_out) * 0.01)", 7)]
    [InlineData("tanh", "small", "tf.random_normal_initializer(stddev=0.01)", 7)]
    [InlineData("relu", "he", "import numpy as np\nW = np.random.randn(n_in, n_out) * np.sqrt(2/n_in)", 7)]
    public void NumPyStreamInFloat64PrintsWhatTheCs231nScriptPrints(string activation, string init, string json, long seed)
    {
        string s = seed.ToString(CultureInfo.InvariantCulture);
        var expected = Python.RunScript("cs231n_activations.py", "--seed", s, "--activation", activation, "--init", init);
        var run = CliRun.Of("study", "--rng", "numpy", "--seed", s, "--dtype", "float64", "--activation", activation,
            "--init", json, "--input-shape", "1000,500", "--depth", "10", "--width", "500", "--json").Json().GetProperty("runs")[0];

        // 1e-9 relative (means relative to the layer's std): only the summation order of the matrix products differs.
        var layers = expected.GetProperty("layers").EnumerateArray().ToList();
        var actual = run.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(layers.Count, actual.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            double std = layers[i].GetProperty("std").GetDouble();
            Assert.Equal(i + 1, actual[i].GetProperty("index").GetInt32());
            Assert.True(Math.Abs(layers[i].GetProperty("mean").GetDouble() - actual[i].GetProperty("mean").GetDouble()) <= 1e-9 * std);
            Assert.True(Math.Abs(std - actual[i].GetProperty("std").GetDouble()) <= 1e-9 * std);
        }
    }

    [Fact]
    public void JsonHasTheFieldsTheIssueSpells()
    {
        var runs = CliRun.Of("study", "--input-shape", "64,20", "--widths", "16,8", "--activation", "relu",
            "--init", "he_normal", "--init", "glorot_uniform", "--batch-norm", "--json").Json().GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        var run = runs[0];
        Assert.Equal("relu", run.GetProperty("activation").GetString());
        Assert.Equal("HeNormal", run.GetProperty("initializer").GetProperty("class_name").GetString());
        Assert.Equal("keras.initializers", run.GetProperty("initializer").GetProperty("module").GetString());
        Assert.True(run.GetProperty("batch_norm").GetBoolean());
        Assert.True(run.GetProperty("input").TryGetProperty("mean", out _));
        Assert.True(run.GetProperty("input").TryGetProperty("std", out _));
        var layers = run.GetProperty("layers");
        Assert.Equal([16, 8], layers.EnumerateArray().Select(l => l.GetProperty("units").GetInt32()));
        foreach (string field in new[] { "index", "units", "mean", "std", "saturated_fraction", "zero_fraction" })
        {
            Assert.True(layers[0].TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal("GlorotUniform", runs[1].GetProperty("initializer").GetProperty("class_name").GetString());
    }

    [Fact]
    public void PresetsRunTheirGraphs()
    {
        var runs = CliRun.Of("study", "--preset", "cs231n", "--json").Json().GetProperty("runs");
        Assert.Equal(5, runs.GetArrayLength());
        Assert.All(runs.EnumerateArray(), r => Assert.Equal(10, r.GetProperty("layers").GetArrayLength()));
        Assert.Equal(["tanh", "tanh", "tanh", "relu", "relu"], runs.EnumerateArray().Select(r => r.GetProperty("activation").GetString()));
    }

    [Fact]
    public void TerminalOutputIsATablePerRun()
    {
        var run = CliRun.Of("study", "--input-shape", "50,10", "--depth", "3", "--width", "10", "--activation", "tanh", "--init", "he_uniform");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("saturated", run.Output);
        Assert.Contains("input", run.Output);
        Assert.Equal(4, run.Output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+(input|\d+)\s+10\s")));
        Assert.Contains("run 1/1", run.Error);
    }

    [Theory]
    [InlineData("--activation 'swoosh' is not allowed", "--activation", "swoosh")]
    [InlineData("Unknown initializer 'he_normale'", "--init", "he_normale")]
    [InlineData("--widths", "--widths", "16,0")]
    [InlineData("--depth", "--depth", "0")]
    [InlineData("--input-shape", "--input-shape", "1000")]
    [InlineData("--input-shape", "--input-shape", "1000,0")]
    [InlineData("integers from 0 to 4294967295", "--rng", "numpy", "--seed", "4294967296")]
    [InlineData("integers from 0 to 4294967295", "--rng", "numpy", "--seed", "-1")]
    [InlineData("Unknown preset 'imagenet'", "--preset", "imagenet")]
    [InlineData("--rng", "--rng", "mt")]
    [InlineData("unknown option '--widht'", "--widht", "5")]
    public void BadInputIsOneLineAndExitCode2(string expected, params string[] args)
    {
        string line = CliRun.Of(["study", .. args]).BadInputLine();
        Assert.Contains(expected, line);
    }

    [Fact]
    public void UnknownActivationListsTheValidOnes()
    {
        string line = CliRun.Of("study", "--activation", "swoosh").BadInputLine();
        Assert.Contains("relu", line);
        Assert.Contains("tanh", line);
    }

    [Fact]
    public void OutWritesTheReportAndNothingElse()
    {
        string parent = Path.Combine(Path.GetTempPath(), $"tfinit-out-{Guid.NewGuid():N}");
        Directory.CreateDirectory(parent);
        try
        {
            string dir = Path.Combine(parent, "report");
            var run = CliRun.Of("study", "--input-shape", "40,8", "--depth", "3", "--activation", "relu",
                "--init", "he_normal", "--init", "lecun_uniform", "--out", dir);
            Assert.True(run.ExitCode == 0, run.Error);
            var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order().ToList();
            Assert.Contains("index.md", files);
            Assert.Contains("index.html", files);
            // One histogram PNG per run and the two summary charts over all runs.
            Assert.Equal(2, files.Count(f => f!.StartsWith("run-", StringComparison.Ordinal) && f.EndsWith(".png", StringComparison.Ordinal)));
            Assert.Contains("summary-activation-std.png", files);
            Assert.Contains("summary-grad-std.png", files);
            Assert.Equal(4, files.Count(f => f!.EndsWith(".png", StringComparison.Ordinal)));
            Assert.Equal(["report"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public void AnUnwritableOutFolderFailsBeforeRunningAndLeavesNothing()
    {
        string parent = Path.Combine(Path.GetTempPath(), $"tfinit-ro-{Guid.NewGuid():N}");
        Directory.CreateDirectory(parent);
        try
        {
            File.WriteAllText(Path.Combine(parent, "taken"), "a file, not a folder");
            string line = CliRun.Of("study", "--input-shape", "20,5", "--depth", "2", "--out", Path.Combine(parent, "taken", "report")).BadInputLine();
            Assert.Contains("cannot be written", line);
            Assert.Equal(["taken"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
