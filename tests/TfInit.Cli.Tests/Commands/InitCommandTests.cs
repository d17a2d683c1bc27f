using System.Globalization;
using System.Text.Json;
using TfInit.Initializers;
using TfInit.NumPy;
using TfInit.Tests.Support;

namespace TfInit.Cli.Tests.Commands;

/// <summary>
/// <c>tfinit init NAME_OR_JSON --shape ... [--seed] [--rng] [--dtype] [--layout] [--format] [-o]</c>: the json,
/// stats and npy outputs, read back by TfInit and by real numpy, and the tutorial's recipe on the NumPy stream.
/// </summary>
public sealed class InitCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tfinit-cli-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void JsonFormatHoldsInitializerShapeDtypeAndRowMajorValues()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "he_normal", "--shape", "64,32", "--seed", "3", "--format", "json"));
        var root = document.RootElement;
        Assert.Equal(["initializer", "shape", "dtype", "values"], root.EnumerateObject().Select(p => p.Name));

        var initializer = root.GetProperty("initializer");
        Assert.Equal("keras.initializers", initializer.GetProperty("module").GetString());
        Assert.Equal("HeNormal", initializer.GetProperty("class_name").GetString());
        Assert.Equal(3, initializer.GetProperty("config").GetProperty("seed").GetInt64());
        Assert.Equal(JsonValueKind.Null, initializer.GetProperty("registered_name").ValueKind);
        Assert.Equal([64, 32], root.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal("float32", root.GetProperty("dtype").GetString());

        float[] values = root.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(64 * 32, values.Length);
        Bits.Equal(new HeNormal(3).GenerateSingle(64, 32), values, "json float32 values");
    }

    [Fact]
    public void JsonIsTheDefaultFormatAndFloat64KeepsEveryBit()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "random_uniform", "--shape", "3,3,4,8", "--seed", "11", "--dtype", "float64"));
        Assert.Equal("float64", document.RootElement.GetProperty("dtype").GetString());
        double[] values = document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Bits.Equal(new RandomUniform(seed: 11).Generate(3, 3, 4, 8), values, "json float64 values");
    }

    [Fact]
    public void StatsFormatSummarizesTheValuesWithTheirFans()
    {
        string[] common = ["init", "glorot_uniform", "--shape", "3,3,32,64", "--seed", "1"];
        using var stats = JsonDocument.Parse(CliRunner.Ok([.. common, "--format", "stats"]));
        using var json = JsonDocument.Parse(CliRunner.Ok([.. common, "--format", "json"]));
        double[] values = json.RootElement.GetProperty("values").EnumerateArray().Select(v => (double)v.GetSingle()).ToArray();

        var root = stats.RootElement;
        foreach (string key in new[] { "mean", "std", "min", "max", "fan_in", "fan_out" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"stats lack '{key}'");
        }

        double mean = values.Average();
        double std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());    // numpy's std (ddof = 0)
        Assert.Equal(mean, root.GetProperty("mean").GetDouble(), 12);
        Assert.Equal(std, root.GetProperty("std").GetDouble(), 12);
        Assert.Equal(values.Min(), root.GetProperty("min").GetDouble());
        Assert.Equal(values.Max(), root.GetProperty("max").GetDouble());
        Assert.Equal(288, root.GetProperty("fan_in").GetInt64());
        Assert.Equal(576, root.GetProperty("fan_out").GetInt64());
        Assert.True(values.Max(Math.Abs) <= Math.Sqrt(6.0 / (288 + 576)));
    }

    [Fact]
    public void StatsUseTheTorchLayoutWhenAsked()
    {
        using var stats = JsonDocument.Parse(CliRunner.Ok("init", "kaiming_normal", "--shape", "64,32,3,3", "--layout", "torch", "--format", "stats", "--seed", "2"));
        Assert.Equal(288, stats.RootElement.GetProperty("fan_in").GetInt64());
        Assert.Equal(576, stats.RootElement.GetProperty("fan_out").GetInt64());
        // kaiming_normal (leaky_relu, a = 0): std = sqrt(2) / sqrt(288); N = 18432, 5 standard errors of the std ~ 5 / sqrt(2N).
        double expected = Math.Sqrt(2.0 / 288);
        Assert.True(Math.Abs((stats.RootElement.GetProperty("std").GetDouble() / expected) - 1) < 5 / Math.Sqrt(2 * 18432.0));
    }

    [Theory]
    [InlineData("float32", "<f4")]
    [InlineData("float64", "<f8")]
    public void NpyOutputReadsBackWithTfInitAndNumPy(string dtype, string descr)
    {
        string path = Path.Combine(_directory, $"w-{dtype}.npy");
        string output = CliRunner.Ok("init", "he_uniform", "--shape", "16,8", "--seed", "2", "--dtype", dtype, "-o", path);
        Assert.Equal("", output);
        Assert.Empty(Directory.GetFiles(_directory, ".*.tmp"));

        var array = NpyFile.Read(path);
        Assert.Equal([16, 8], array.Shape);
        Assert.Equal(descr, array.Dtype);
        double[] expected = dtype == "float32"
            ? new HeUniform(2).GenerateSingle(16, 8).Select(v => (double)v).ToArray()
            : new HeUniform(2).Generate(16, 8);
        Bits.Equal(expected, array.Values, "NpyFile.Read");

        const string script = """
            import json, sys
            import numpy as np
            a = np.load(sys.argv[1])
            print(json.dumps({"dtype": a.dtype.str, "shape": list(a.shape), "c_order": bool(a.flags.c_contiguous),
                              "values": [repr(float(x)) for x in a.ravel()]}))
            """;
        using var numpy = JsonDocument.Parse(PythonRunner.Run(script, path));
        Assert.Equal(descr, numpy.RootElement.GetProperty("dtype").GetString());
        Assert.Equal([16, 8], numpy.RootElement.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.True(numpy.RootElement.GetProperty("c_order").GetBoolean());
        double[] loaded = numpy.RootElement.GetProperty("values").EnumerateArray()
            .Select(v => double.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Bits.Equal(expected, loaded, "np.load");
    }

    [Fact]
    public void NumPyStreamReproducesTheTutorialRecipeComputedByNumPyNow()
    {
        // np.random.seed(7); W = np.random.randn(64, 32) * np.sqrt(2/64), i.e. VarianceScaling(2, fan_in, untruncated_normal).
        const string he = """{"class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "untruncated_normal"}}""";
        using var document = JsonDocument.Parse(CliRunner.Ok("init", he, "--shape", "64,32", "--rng", "numpy", "--seed", "7", "--dtype", "float64", "--format", "json"));
        double[] values = document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();

        const string script = """
            import json
            import numpy as np
            np.random.seed(7)
            W = np.random.randn(64, 32) * np.sqrt(2/64)
            print(json.dumps([repr(float(x)) for x in W.ravel()]))
            """;
        double[] numpy = JsonSerializer.Deserialize<string[]>(PythonRunner.Run(script))!
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Bits.Equal(numpy, values, "tfinit init --rng numpy vs numpy");
    }

    [Fact]
    public void NumPyStreamFloat32NpyEqualsTheRecipeCastByNumPy()
    {
        // n = (64 + 32) * 0.5; W = np.random.uniform(low=-np.sqrt(3/n), high=np.sqrt(3/n), size=[64, 32]).astype(np.float32)
        const string xavier = """{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": 42}}""";
        string path = Path.Combine(_directory, "xavier.npy");
        CliRunner.Ok("init", xavier, "--shape", "64,32", "--rng", "numpy", "-o", path);

        const string script = """
            import sys
            import numpy as np
            np.random.seed(42)
            n = (64 + 32) * 0.5
            W = np.random.uniform(low=-np.sqrt(3/n), high=np.sqrt(3/n), size=[64, 32]).astype(np.float32)
            a = np.load(sys.argv[1])
            print(a.dtype.str, a.shape == W.shape, bool((a.view(np.uint32) == W.view(np.uint32)).all()))
            """;
        Assert.Equal("<f4 True True", PythonRunner.Run(script, path).Trim());
    }

    [Fact]
    public void SeedInTheJsonConfigIsUsedWhenSeedIsAbsent()
    {
        const string config = """{"class_name": "HeNormal", "config": {"seed": 3}}""";
        using var fromConfig = JsonDocument.Parse(CliRunner.Ok("init", config, "--shape", "8,4"));
        using var fromOption = JsonDocument.Parse(CliRunner.Ok("init", "he_normal", "--shape", "8,4", "--seed", "3"));
        Assert.Equal(3, fromConfig.RootElement.GetProperty("initializer").GetProperty("config").GetProperty("seed").GetInt64());
        Assert.Equal(
            fromOption.RootElement.GetProperty("values").GetRawText(),
            fromConfig.RootElement.GetProperty("values").GetRawText());

        // --seed wins over the config's seed, and the printed initializer says what ran.
        using var overridden = JsonDocument.Parse(CliRunner.Ok("init", config, "--shape", "8,4", "--seed", "4"));
        Assert.Equal(4, overridden.RootElement.GetProperty("initializer").GetProperty("config").GetProperty("seed").GetInt64());
        Bits.Equal(new HeNormal(4).GenerateSingle(8, 4),
            overridden.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "--seed 4");
    }

    [Fact]
    public void SeedInTheJsonConfigSeedsTheNumPyStream()
    {
        const string config = """{"module": "keras.initializers", "class_name": "RandomNormal", "config": {"seed": 5, "mean": 0.0, "stddev": 0.01}, "registered_name": null}""";
        using var document = JsonDocument.Parse(CliRunner.Ok("init", config, "--shape", "4,5", "--rng", "numpy", "--dtype", "float64"));
        var state = new TfInit.Random.NumPyRandomState(5);
        double[] expected = Enumerable.Range(0, 20).Select(_ => state.NextGaussian() * 0.01).ToArray();
        Bits.Equal(expected, document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray(), "config seed on numpy stream");
    }

    [Fact]
    public void UnseededInitializerPrintsNullSeedAndStillRuns()
    {
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "glorot_uniform", "--shape", "4,4"));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("initializer").GetProperty("config").GetProperty("seed").ValueKind);
        Assert.Equal(16, document.RootElement.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public void TorchLayoutIsRecordedInTheConfig()
    {
        // KaimingUniform is PyTorch's and reads [out, in] by default; --layout keras is what the config must record.
        using var document = JsonDocument.Parse(CliRunner.Ok("init", "kaiming_uniform", "--shape", "16,8", "--layout", "keras", "--seed", "1"));
        var config = document.RootElement.GetProperty("initializer").GetProperty("config");
        Assert.Equal("keras", config.GetProperty("layout").GetString());
        var expected = new KaimingUniform(seed: 1) { Layout = TfInit.Shapes.FanLayout.Keras }.GenerateSingle(16, 8);
        Bits.Equal(expected, document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "keras layout");

        using var byDefault = JsonDocument.Parse(CliRunner.Ok("init", "kaiming_uniform", "--shape", "16,8", "--seed", "1"));
        Assert.False(byDefault.RootElement.GetProperty("initializer").GetProperty("config").TryGetProperty("layout", out _));
        var torch = new KaimingUniform(seed: 1) { Layout = TfInit.Shapes.FanLayout.Torch }.GenerateSingle(16, 8);
        Bits.Equal(torch, byDefault.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "torch layout by default");
    }

    [Fact]
    public void SeedKeepsTheLayoutOfAJsonConfig()
    {
        // Issue 11's known quirk: --seed with a config holding "layout": "torch" once reset the layout to keras. A [4, 6]
        // torch weight has fan_in 6 and fan_out 4 (keras would read 4 and 6), so both the config and the values tell.
        const string config = """{"class_name": "VarianceScaling", "config": {"layout": "torch", "mode": "fan_out"}}""";
        using var document = JsonDocument.Parse(CliRunner.Ok("init", config, "--shape", "4,6", "--seed", "3"));
        var written = document.RootElement.GetProperty("initializer").GetProperty("config");
        Assert.Equal("torch", written.GetProperty("layout").GetString());
        Assert.Equal(3, written.GetProperty("seed").GetInt64());
        var expected = new VarianceScaling(mode: "fan_out", seed: 3) { Layout = TfInit.Shapes.FanLayout.Torch }.GenerateSingle(4, 6);
        Bits.Equal(expected, document.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "torch layout kept");

        using var stats = JsonDocument.Parse(CliRunner.Ok("init", config, "--shape", "4,6", "--seed", "3", "--format", "stats"));
        Assert.Equal(6, stats.RootElement.GetProperty("fan_in").GetInt64());
        Assert.Equal(4, stats.RootElement.GetProperty("fan_out").GetInt64());

        // An explicit --layout still wins over the config's (keras is VarianceScaling's default, so the key is left out).
        using var overridden = JsonDocument.Parse(CliRunner.Ok("init", config, "--shape", "4,6", "--seed", "3", "--layout", "keras"));
        Assert.False(overridden.RootElement.GetProperty("initializer").GetProperty("config").TryGetProperty("layout", out _));
        Bits.Equal(new VarianceScaling(mode: "fan_out", seed: 3).GenerateSingle(4, 6),
            overridden.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray(), "keras layout by --layout");
    }

    [Fact]
    public void JsonWrittenToAFile()
    {
        string path = Path.Combine(_directory, "w.json");
        Assert.Equal("", CliRunner.Ok("init", "ones", "--shape", "2,3", "--format", "json", "-o", path));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        Assert.All(document.RootElement.GetProperty("values").EnumerateArray(), v => Assert.Equal(1.0, v.GetDouble()));
    }

    [Theory]
    [InlineData("zeros", "--seed", "3", "--seed and --rng have no effect on Zeros")]
    [InlineData("identity", "--rng", "numpy", "--seed and --rng have no effect on Identity")]
    [InlineData("eye", "--layout", "torch", "--layout has no effect on Eye")]
    public void OptionsTheInitializerCannotUseAreReportedNotRefused(string name, string option, string value, string warning)
    {
        var (code, output, error) = CliRunner.Run("init", name, "--shape", "4,4", option, value);
        Assert.Equal(0, code);
        Assert.StartsWith($"tfinit: warning: {warning}", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        using var document = JsonDocument.Parse(output);
        Assert.Equal(16, document.RootElement.GetProperty("values").GetArrayLength());
    }
}
