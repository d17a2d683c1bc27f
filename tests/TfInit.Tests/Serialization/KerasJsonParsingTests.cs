using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Tests.Serialization;

/// <summary>
/// Reading initializer JSON exactly as Keras 3 writes it (json.dumps of serialize_keras_object: module,
/// class_name, config, registered_name, with Python's ", " and ": " separators), as Keras 2 / tf.keras and
/// TensorFlow.NET write it (class_name and config only), and bare names.
/// </summary>
public sealed class KerasJsonParsingTests
{
    [Fact]
    public void Keras3GlorotUniformWithNullSeed()
    {
        var initializer = KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}""");
        var glorot = Assert.IsType<GlorotUniform>(initializer);
        Assert.Null(glorot.Seed);
        Assert.Equal(1.0, glorot.Scale);
        Assert.Equal("fan_avg", glorot.Mode);
        Assert.Equal("uniform", glorot.Distribution);
    }

    [Fact]
    public void Keras3VarianceScalingWithEveryArgument()
    {
        var initializer = KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "VarianceScaling", "config": {"seed": 12, "scale": 2.0, "mode": "fan_out", "distribution": "untruncated_normal"}, "registered_name": null}""");
        var vs = Assert.IsType<VarianceScaling>(initializer);
        Assert.Equal(12L, vs.Seed);
        Assert.Equal(2.0, vs.Scale);
        Assert.Equal("fan_out", vs.Mode);
        Assert.Equal("untruncated_normal", vs.Distribution);
    }

    [Theory]
    [InlineData("normal")]
    [InlineData("Normal")]
    [InlineData("TRUNCATED_NORMAL")]
    public void DistributionNormalMeansTruncatedNormal(string distribution)
    {
        // Keras: distribution = distribution.lower(); "normal" -> "truncated_normal"; the config then says truncated_normal.
        var vs = Assert.IsType<VarianceScaling>(KerasJson.Deserialize(
            $$$"""{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_in", "distribution": "{{{distribution}}}", "seed": null}}"""));
        Assert.Equal("truncated_normal", vs.Distribution);
        Assert.Equal("truncated_normal", vs.GetConfig()["distribution"]);
        Assert.Equal("truncated_normal", new VarianceScaling(distribution: distribution).Distribution);
    }

    [Theory]
    [InlineData("OrthogonalInitializer")]
    [InlineData("Orthogonal")]
    [InlineData("orthogonal")]
    [InlineData("orthogonal_initializer")]
    public void OrthogonalUnderItsKeras3AndLegacyNames(string className)
    {
        var orthogonal = Assert.IsType<Orthogonal>(KerasJson.Deserialize(
            $$$"""{"module": "keras.initializers", "class_name": "{{{className}}}", "config": {"seed": 4, "gain": 1.5}, "registered_name": null}"""));
        Assert.Equal(1.5, orthogonal.Gain);
        Assert.Equal(4L, orthogonal.Seed);
    }

    [Theory]
    [InlineData("IdentityInitializer")]
    [InlineData("Identity")]
    [InlineData("identity")]
    public void IdentityUnderItsKerasNames(string className)
    {
        var identity = Assert.IsType<Identity>(KerasJson.Deserialize(
            $$$"""{"module": "keras.initializers", "class_name": "{{{className}}}", "config": {"gain": 0.5}, "registered_name": null}"""));
        Assert.Equal(0.5, identity.Gain);
    }

    [Fact]
    public void Keras3ConstantRandomNormalUniformAndTruncated()
    {
        var constant = Assert.IsType<Constant>(KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "Constant", "config": {"value": 0.1}, "registered_name": null}"""));
        Assert.Equal(0.1, constant.Value);

        var normal = Assert.IsType<RandomNormal>(KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "RandomNormal", "config": {"seed": 1337, "mean": 0.0, "stddev": 0.01}, "registered_name": null}"""));
        Assert.Equal((0.0, 0.01, 1337L), (normal.Mean, normal.Stddev, normal.Seed!.Value));

        var uniform = Assert.IsType<RandomUniform>(KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "RandomUniform", "config": {"seed": null, "minval": -1.0, "maxval": 1.0}, "registered_name": null}"""));
        Assert.Equal((-1.0, 1.0), (uniform.Minval, uniform.Maxval));

        var truncated = Assert.IsType<TruncatedNormal>(KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "TruncatedNormal", "config": {"seed": 0, "mean": 1.0, "stddev": 2.0}, "registered_name": null}"""));
        Assert.Equal((1.0, 2.0, 0L), (truncated.Mean, truncated.Stddev, truncated.Seed!.Value));
    }

    [Fact]
    public void Keras3ZerosAndOnesWithEmptyConfig()
    {
        Assert.IsType<Zeros>(KerasJson.Deserialize("""{"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}"""));
        Assert.IsType<Ones>(KerasJson.Deserialize("""{"module": "keras.initializers", "class_name": "Ones", "config": {}, "registered_name": null}"""));
    }

    [Fact]
    public void Keras2AndTensorFlowNetForm()
    {
        var he = Assert.IsType<HeNormal>(KerasJson.Deserialize("""{"class_name": "HeNormal", "config": {"seed": 3}}"""));
        Assert.Equal(3L, he.Seed);
        Assert.IsType<Zeros>(KerasJson.Deserialize("""{"class_name": "Zeros", "config": {}}"""));
        Assert.IsType<GlorotUniform>(KerasJson.Deserialize("""{"class_name": "GlorotUniform", "config": {"seed": null}}"""));
    }

    [Fact]
    public void ConfigMayBeMissingOrNull()
    {
        Assert.IsType<Ones>(KerasJson.Deserialize("""{"class_name": "Ones"}"""));
        var glorot = Assert.IsType<GlorotNormal>(KerasJson.Deserialize("""{"class_name": "GlorotNormal", "config": null}"""));
        Assert.Null(glorot.Seed);
    }

    [Fact]
    public void Tf1StyleDtypeKeyIsAccepted()
    {
        // tf.keras 1.x / TensorFlow.NET configs carry "dtype": "float32"; Keras ignores it.
        var normal = Assert.IsType<RandomNormal>(KerasJson.Deserialize(
            """{"class_name": "RandomNormal", "config": {"mean": 0.0, "stddev": 0.05, "seed": null, "dtype": "float32"}}"""));
        Assert.Equal(0.05, normal.Stddev);
    }

    [Fact]
    public void PresetConfigRepeatingItsOwnSettingIsAccepted()
    {
        // TensorFlow.NET writes presets with scale, mode and distribution spelled out.
        var glorot = Assert.IsType<GlorotUniform>(KerasJson.Deserialize(
            """{"class_name": "GlorotUniform", "config": {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform", "seed": null}}"""));
        Assert.Null(glorot.Seed);
        var he = Assert.IsType<HeNormal>(KerasJson.Deserialize(
            """{"class_name": "HeNormal", "config": {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": 8}}"""));
        Assert.Equal(8L, he.Seed);
    }

    [Fact]
    public void PresetConfigChangingItsSettingIsAnError()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(
            """{"class_name": "HeNormal", "config": {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": 8}}"""));
        Assert.Contains("HeNormal", error.Message, StringComparison.Ordinal);
        Assert.Contains("VarianceScaling", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("he_normal", typeof(HeNormal))]
    [InlineData("  glorot_uniform  ", typeof(GlorotUniform))]
    [InlineData("\"lecun_normal\"", typeof(LecunNormal))]
    [InlineData("\"Zeros\"", typeof(Zeros))]
    public void BareNamesAndJsonStrings(string text, Type expected)
    {
        Assert.IsType(expected, KerasJson.Deserialize(text));
    }

    [Fact]
    public void TfInitExtrasReadTheirConfigs()
    {
        var kaiming = Assert.IsType<KaimingUniform>(KerasJson.Deserialize(
            """{"module": "tfinit.initializers", "class_name": "KaimingUniform", "config": {"seed": 2, "a": 0.2, "mode": "fan_out", "nonlinearity": "leaky_relu", "layout": "torch"}, "registered_name": null}"""));
        Assert.Equal((0.2, "fan_out", "leaky_relu", FanLayout.Torch), (kaiming.A, kaiming.Mode, kaiming.Nonlinearity, kaiming.Layout));

        var vs = Assert.IsType<VarianceScaling>(KerasJson.Deserialize(
            """{"class_name": "VarianceScaling", "config": {"scale": 1.0, "mode": "fan_geo_avg", "distribution": "uniform", "seed": 1, "in_axis": 1, "out_axis": 0, "batch_axis": [2]}}"""));
        Assert.Equal(new FanAxes(1, 0, 2), vs.Axes);
        Assert.Equal([2], vs.Axes!.BatchAxes);

        var sparse = Assert.IsType<Sparse>(KerasJson.Deserialize("""{"class_name": "Sparse", "config": {"sparsity": 0.25, "std": 0.02, "seed": 6}}"""));
        Assert.Equal((0.25, 0.02), (sparse.Sparsity, sparse.Std));

        var dirac = Assert.IsType<Dirac>(KerasJson.Deserialize("""{"class_name": "dirac", "config": {"groups": 2, "layout": "torch"}}"""));
        Assert.Equal((2, FanLayout.Torch), (dirac.Groups, dirac.Layout));
    }

    [Fact]
    public void UnexpectedConfigKeyIsAnErrorNamingIt()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize("""{"class_name": "HeNormal", "config": {"seeed": 1}}"""));
        Assert.Contains("seeed", error.Message, StringComparison.Ordinal);
        Assert.Contains("seed", error.Message.Replace("seeed", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
