using System.Text.Json;
using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// <c>tfinit init</c> with Python code as NAME_OR_JSON: the printed Keras JSON is what the expression became (the
/// Python text in the config for numpy lines), PyTorch expressions read the torch layout unless --layout says
/// otherwise, numpy lines on --rng numpy print numpy's numbers, and bad code is one line on stderr with exit 2.
/// </summary>
public sealed class InitPythonCodeTests
{
    [Fact]
    public void JsonPrintsTheKerasJsonOfWhatTheExpressionBecame()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "tf.truncated_normal_initializer(stddev=0.1)", "--shape", "4,3", "--seed", "5", "--format", "json"));
        var initializer = document.RootElement.GetProperty("initializer");
        Assert.Equal("""{"module":"keras.initializers","class_name":"TruncatedNormal","config":{"seed":5,"mean":0.0,"stddev":0.1},"registered_name":null}""",
            initializer.GetRawText());
        Bits.Equal(new TruncatedNormal(0.0, 0.1, 5).GenerateSingle(4, 3), document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "values");
    }

    [Fact]
    public void NumpyLinesKeepThePythonTextAndPrintNumPysValues()
    {
        const string code = "n = (n_in + n_out) * 0.5; scale = np.sqrt(3/n); W = tf.Variable(np.random.uniform(low=-scale, high=scale, size=[n_in, n_out]))";
        using var document = JsonDocument.Parse(CliRunner.Ok("init", code, "--shape", "64,32", "--seed", "7", "--rng", "numpy", "--dtype", "float64"));
        var config = document.RootElement.GetProperty("initializer").GetProperty("config");
        Assert.Equal("NumPySnippet", document.RootElement.GetProperty("initializer").GetProperty("class_name").GetString());
        Assert.Equal(code, config.GetProperty("code").GetString());
        Assert.Equal(7, config.GetProperty("seed").GetInt64());

        string numpy = PythonRunner.Run("""
            import json, numpy as np
            np.random.seed(7)
            n_in, n_out = 64, 32
            n = (n_in + n_out) * 0.5; scale = np.sqrt(3/n); W = np.random.uniform(low=-scale, high=scale, size=[n_in, n_out])
            print(json.dumps(W.ravel().tolist()))
            """);
        Bits.Equal(JsonSerializer.Deserialize<double[]>(numpy)!, document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray(), "numpy lines");
    }

    [Fact]
    public void PyTorchExpressionImpliesTheTorchLayoutUnlessLayoutSaysOtherwise()
    {
        const string code = "torch.nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='relu')";
        using var stats = JsonDocument.Parse(CliRunner.Ok("init", code, "--shape", "64,32,3,3", "--seed", "1", "--format", "stats"));
        Assert.Equal(32 * 9, stats.RootElement.GetProperty("fan_in").GetInt64());
        Assert.Equal(64 * 9, stats.RootElement.GetProperty("fan_out").GetInt64());
        using var json = JsonDocument.Parse(CliRunner.Ok("init", code, "--shape", "64,32,3,3", "--seed", "1"));
        Assert.Equal("torch", json.RootElement.GetProperty("initializer").GetProperty("config").GetProperty("layout").GetString());
        float[] values = json.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Bits.Equal(new KaimingNormal(0, "fan_out", "relu", 1) { Layout = FanLayout.Torch }.GenerateSingle(64, 32, 3, 3), values, "torch layout values");

        using var keras = JsonDocument.Parse(CliRunner.Ok("init", code, "--shape", "3,3,32,64", "--layout", "keras", "--format", "stats"));
        Assert.Equal(3 * 3 * 32, keras.RootElement.GetProperty("fan_in").GetInt64());
        using var kerasJson = JsonDocument.Parse(CliRunner.Ok("init", code, "--shape", "3,3,32,64", "--layout", "keras", "--seed", "1"));
        Assert.False(kerasJson.RootElement.GetProperty("initializer").GetProperty("config").TryGetProperty("layout", out _));
    }

    [Theory]
    [InlineData("W = tf.Variable(np.random.randn(shape) * 0.01)", "np.random.randn(*shape)")]
    [InlineData("tf.random_normal_initializer(stdev=1)", "column 30: tf.random_normal_initializer() got an unexpected keyword argument 'stdev'; allowed: mean, stddev, seed, dtype")]
    [InlineData("tf.contrib.layers.variance_scaling_initializer(mode='fan_in')", "Unknown mode 'fan_in'; allowed: FAN_IN, FAN_OUT, FAN_AVG")]
    [InlineData("import subprocess", "import of 'subprocess' is not allowed")]
    public void BadCodeIsOneLineOnStderrWithExitTwo(string code, string part)
    {
        var (exit, output, error) = CliRunner.Run("init", code, "--shape", "64,32");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tfinit: error: Python code, line 1, column ", line, StringComparison.Ordinal);
        Assert.Contains(part, line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
    }
}
