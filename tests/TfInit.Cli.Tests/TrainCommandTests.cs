using TfInit.Cli.Commands;

namespace TfInit.Cli.Tests;

/// <summary>tfinit train on small slices of the real Fashion-MNIST files (CI installs dataset-fashion-mnist).</summary>
public sealed class TrainCommandTests
{
    private static readonly string[] Small = ["--train-limit", "1000", "--epochs", "1", "--depth", "3", "--width", "32"];

    [Fact]
    public void InitTakesPythonCode()
    {
        var runs = CliRun.Of(["train", .. Small, "--init", "tf.contrib.layers.variance_scaling_initializer()", "--init", "W = np.random.randn(n_in, n_out) * np.sqrt(2/n_in)", "--json"])
            .Json().GetProperty("runs");
        Assert.Equal("ContribVarianceScaling", runs[0].GetProperty("initializer").GetProperty("class_name").GetString());
        Assert.Equal("NumPySnippet", runs[1].GetProperty("initializer").GetProperty("class_name").GetString());
        Assert.All(runs.EnumerateArray(), r => Assert.InRange(r.GetProperty("test_accuracy").GetDouble(), 0.0, 1.0));
    }

    [Fact]
    public void JsonHasTheFieldsTheIssueSpells()
    {
        var runs = CliRun.Of(["train", .. Small, "--init", "he_normal", "--init", "lsuv", "--json"]).Json().GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.Equal("HeNormal", runs[0].GetProperty("initializer").GetProperty("class_name").GetString());
        Assert.Equal("lsuv", runs[1].GetProperty("initializer").GetString());
        foreach (var run in runs.EnumerateArray())
        {
            Assert.False(run.GetProperty("batch_norm").GetBoolean());
            Assert.Equal(3, run.GetProperty("depth").GetInt32());
            Assert.Equal(32, run.GetProperty("width").GetInt32());
            Assert.Equal("relu", run.GetProperty("activation").GetString());
            var epoch = Assert.Single(run.GetProperty("epochs").EnumerateArray());
            foreach (string field in new[] { "epoch", "loss", "accuracy", "val_loss", "val_accuracy", "seconds" })
            {
                Assert.True(epoch.TryGetProperty(field, out _), $"missing {field}");
            }

            double accuracy = run.GetProperty("test_accuracy").GetDouble();
            Assert.Equal(epoch.GetProperty("val_accuracy").GetDouble(), accuracy);
            Assert.InRange(accuracy, 0.0, 1.0);
        }
    }

    [Fact]
    public void ModelFlagsWithoutInitRunThePresetInitializersOnThatModel()
    {
        // Explicit flags win, as in study: the deep-mlp comparison on a 3 x 32 tanh model, not the preset's 20 x 256 ReLU.
        var runs = CliRun.Of(["train", .. Small, "--activation", "tanh", "--json"]).Json().GetProperty("runs");
        Assert.Equal(
            ["HeNormal", "GlorotUniform", "RandomNormal", "RandomNormal", "lsuv", "Orthogonal"],
            runs.EnumerateArray().Select(r => r.GetProperty("initializer") is { ValueKind: System.Text.Json.JsonValueKind.String } name
                ? name.GetString()
                : r.GetProperty("initializer").GetProperty("class_name").GetString()));
        Assert.Equal([false, false, false, true, false, false], runs.EnumerateArray().Select(r => r.GetProperty("batch_norm").GetBoolean()));
        foreach (var run in runs.EnumerateArray())
        {
            Assert.Equal(3, run.GetProperty("depth").GetInt32());
            Assert.Equal(32, run.GetProperty("width").GetInt32());
            Assert.Equal("tanh", run.GetProperty("activation").GetString());
        }
    }

    [Theory]
    [InlineData("--depth", "3")]
    [InlineData("--width", "32")]
    [InlineData("--activation", "tanh")]
    [InlineData("--batch-norm", null)]
    public void AnExplicitPresetWithModelFlagsIsAUsageError(string flag, string? value)
    {
        string[] model = value is null ? [flag] : [flag, value];
        string line = CliRun.Of(["train", "--preset", "deep-mlp", .. model]).BadInputLine();
        Assert.Contains("--preset deep-mlp", line, StringComparison.Ordinal);
        Assert.Contains(flag, line, StringComparison.Ordinal);
    }

    [Fact]
    public void TablesAndAComparisonOnTheTerminal()
    {
        var run = CliRun.Of(["train", .. Small, "--init", "glorot_uniform", "--batch-norm"]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("GlorotUniform + BN", run.Output);
        Assert.Contains("Comparison", run.Output);
        Assert.Contains("val acc", run.Output);

        // Redirected progress: Keras's one line per epoch.
        Assert.Contains("Epoch 1/1 - ", run.Error);
    }

    [Fact]
    public void OutWritesTheLearningCurveReport()
    {
        string parent = Path.Combine(Path.GetTempPath(), $"tfinit-train-{Guid.NewGuid():N}");
        Directory.CreateDirectory(parent);
        try
        {
            string dir = Path.Combine(parent, "report");
            var run = CliRun.Of(["train", .. Small, "--init", "he_uniform", "--out", dir]);
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Equal([ReportDirectory.Marker, "accuracy.png", "index.html", "index.md", "loss.png"],
                Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Contains("HeUniform", File.ReadAllText(Path.Combine(dir, "index.md")));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Theory]
    [InlineData("--optimizer 'rmsprop'", "--optimizer", "rmsprop")]
    [InlineData("--lr '-1'", "--lr", "-1")]
    [InlineData("--momentum 1", "--momentum", "1")]
    [InlineData("--train-limit '0'", "--train-limit", "0")]
    [InlineData("--epochs '0'", "--epochs", "0")]
    [InlineData("Unknown initializer 'he_normale'", "--init", "he_normale")]
    [InlineData("--activation 'swoosh' is not allowed", "--activation", "swoosh")]
    [InlineData("Unknown preset 'resnet'", "--preset", "resnet")]
    [InlineData("Python code, line 1, column 1: unknown function 'tf.nope_initializer'", "--init", "tf.nope_initializer()")]
    [InlineData("apt-get install dataset-fashion-mnist", "--data", "/nonexistent/fashion")]
    public void BadInputIsOneLineAndExitCode2(string expected, params string[] args)
    {
        // Small defaults so that a case which slipped through would still finish quickly; the case's own option wins.
        string[] defaults = ["--train-limit", "100", "--epochs", "1", "--depth", "1", "--width", "4"];
        var fill = defaults.Chunk(2).Where(pair => !args.Contains(pair[0])).SelectMany(pair => pair);
        string line = CliRun.Of(["train", .. fill, .. args]).BadInputLine();
        Assert.Contains(expected, line);
    }

    [Fact]
    public void TheLargestSeedTrains()
    {
        // Layer i takes (seed + i) mod 2**32: 4294967295's second layer takes 0 instead of the out-of-range 4294967296.
        var run = CliRun.Of(["train", .. Small, "--init", "he_normal", "--seed", "4294967295", "--json"]);
        Assert.Single(run.Json().GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public void ADivergedRunIsAResultWithValidJsonAndAReport()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"tfinit-diverged-{Guid.NewGuid():N}");
        try
        {
            var run = CliRun.Of(["train", .. Small, "--init", "he_normal", "--lr", "1e30", "--json", "--out", dir]);
            var result = Assert.Single(run.Json().GetProperty("runs").EnumerateArray());
            Assert.True(result.GetProperty("diverged").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("epochs")[0].GetProperty("loss").ValueKind);
            Assert.True(File.Exists(Path.Combine(dir, "index.md")));

            var table = CliRun.Of(["train", .. Small, "--init", "he_normal", "--lr", "1e30"]);
            Assert.True(table.ExitCode == 0, table.Error);
            Assert.Contains("diverged", table.Output);
            Assert.DoesNotContain("NaN", table.Output);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
