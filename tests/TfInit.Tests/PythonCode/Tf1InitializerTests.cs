using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.PythonCode;

/// <summary>
/// TF 1.x initializers against TensorFlow 1.15's source. The formulas and defaults below are read from
/// <c>tensorflow/python/ops/init_ops.py</c> (r1.15) and <c>tensorflow/contrib/layers/python/layers/initializers.py</c>
/// (r1.15); each test names the function it follows. The statistics of the three new classes on Dense [256, 128]
/// and Conv2D [3, 3, 32, 64] kernels are in RandomInitializerStatisticsTests (5 standard errors from N).
/// </summary>
public sealed class Tf1InitializerTests
{
    [Theory]
    // init_ops.py, UniformUnitScaling.__call__: input_size = product of shape[:-1] (floats), max(input_size, 1.0);
    // max_val = math.sqrt(3 / input_size) * self.factor; random_uniform(shape, -max_val, max_val).
    [InlineData(new[] { 784, 256 }, 1.0, 784.0)]
    [InlineData(new[] { 3, 3, 16, 32 }, 1.43, 144.0)]
    [InlineData(new[] { 10 }, 1.15, 1.0)]
    [InlineData(new int[0], 2.0, 1.0)]
    public void UniformUnitScalingLimitIsSqrtThreeOverInputSizeTimesFactor(int[] shape, double factor, double inputSize)
    {
        var initializer = new UniformUnitScaling(factor, 1);
        Assert.Equal(Math.Sqrt(3 / inputSize) * factor, initializer.LimitFor(shape));
        double[] values = initializer.Generate(shape);
        Assert.All(values, v => Assert.InRange(v, -initializer.LimitFor(shape), initializer.LimitFor(shape)));
    }

    [Fact]
    public void UniformUnitScalingDiffersFromVarianceScalingOnVectors()
    {
        // A rank-1 shape [n]: UniformUnitScaling's input size is 1 (shape[:-1] is empty), Keras's fan_in is n.
        Assert.Equal(Math.Sqrt(3.0), new UniformUnitScaling().LimitFor([50]));
        Assert.Equal(50, new VarianceScaling(1.0, "fan_in", "uniform").FanFor([50]));
    }

    [Theory]
    // contrib initializers.py, variance_scaling_initializer._initializer: fan_in = shape[-2] if len(shape) > 1 else
    // shape[-1]; fan_out = shape[-1]; both times every dim of shape[:-2]; a scalar has fan_in = fan_out = 1.0;
    // FAN_AVG n = (fan_in + fan_out) / 2.0.
    [InlineData(new[] { 784, 256 }, "FAN_IN", 784.0)]
    [InlineData(new[] { 784, 256 }, "FAN_OUT", 256.0)]
    [InlineData(new[] { 784, 256 }, "FAN_AVG", 520.0)]
    [InlineData(new[] { 5, 5, 3, 64 }, "FAN_IN", 75.0)]
    [InlineData(new[] { 5, 5, 3, 64 }, "FAN_OUT", 1600.0)]
    [InlineData(new[] { 7 }, "FAN_IN", 7.0)]
    [InlineData(new int[0], "FAN_AVG", 1.0)]
    public void ContribFansFollowTheContribRules(int[] shape, string mode, double n)
    {
        Assert.Equal(n, new ContribVarianceScaling(2.0, mode).FanFor(shape));
    }

    [Fact]
    public void ContribNormalUsesOnePointThreeAndCutsAtTwoStddev()
    {
        // variance_scaling_initializer: trunc_stddev = math.sqrt(1.3 * factor / n); truncated_normal(shape, 0.0,
        // trunc_stddev) redraws beyond 2 stddev. He (factor 2, FAN_IN) on [784, 256]: stddev sqrt(2.6 / 784).
        double std = Math.Sqrt(1.3 * 2.0 / 784);
        double[] values = new ContribVarianceScaling(seed: 3).Generate(784, 256);
        Assert.All(values, v => Assert.InRange(v, -2 * std, 2 * std));
        Assert.True(values.Max() > 1.99 * std && values.Min() < -1.99 * std, "the cut-offs are reached in 200k draws");
        SampleAssert.MatchesLaw(values, new TruncatedNormalLaw(0, std, -2 * std, 2 * std), "contrib He normal [784, 256]");
    }

    [Fact]
    public void ContribUniformLimitIsSqrtThreeFactorOverN()
    {
        // variance_scaling_initializer: limit = math.sqrt(3.0 * factor / n); random_uniform(shape, -limit, limit).
        double limit = Math.Sqrt(3.0 * 1.0 / 520.0);
        double[] values = new XavierInitializer(true, 5).Generate(784, 256);
        Assert.All(values, v => Assert.InRange(v, -limit, limit));
        SampleAssert.MatchesLaw(values, new UniformLaw(-limit, limit), "xavier_initializer() [784, 256]");
    }

    [Fact]
    public void XavierInitializerIsContribVarianceScalingWithFactorOneAndFanAvg()
    {
        // xavier_initializer returns variance_scaling_initializer(factor=1.0, mode='FAN_AVG', uniform=uniform, seed=seed).
        foreach (bool uniform in new[] { true, false })
        {
            Assert.Equal(new ContribVarianceScaling(1.0, "FAN_AVG", uniform, 8).Generate(3, 3, 16, 32), new XavierInitializer(uniform, 8).Generate(3, 3, 16, 32));
        }
    }

    [Fact]
    public void ContribRefusesModesOutsideItsUpperCaseList()
    {
        // variance_scaling_initializer: if mode not in ['FAN_IN', 'FAN_OUT', 'FAN_AVG']: raise TypeError.
        var e = Assert.Throws<ArgumentException>(() => new ContribVarianceScaling(2.0, "fan_in"));
        Assert.Contains("FAN_IN, FAN_OUT, FAN_AVG", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    // init_ops.py constructors: RandomNormal(mean=0.0, stddev=1.0), TruncatedNormal(mean=0.0, stddev=1.0),
    // RandomUniform(minval=0, maxval=None) with maxval None meaning 1 for floats (random_ops.random_uniform),
    // UniformUnitScaling(factor=1.0), Orthogonal(gain=1.0), VarianceScaling(scale=1.0, mode="fan_in",
    // distribution="truncated_normal"); contrib variance_scaling_initializer(factor=2.0, mode='FAN_IN', uniform=False),
    // xavier_initializer(uniform=True).
    [InlineData("tf.random_normal_initializer()", "RandomNormal", "\"mean\":0.0,\"stddev\":1.0")]
    [InlineData("tf.truncated_normal_initializer()", "TruncatedNormal", "\"mean\":0.0,\"stddev\":1.0")]
    [InlineData("tf.random_uniform_initializer()", "RandomUniform", "\"minval\":0.0,\"maxval\":1.0")]
    [InlineData("tf.uniform_unit_scaling_initializer()", "UniformUnitScaling", "\"factor\":1.0")]
    [InlineData("tf.orthogonal_initializer()", "Orthogonal", "\"gain\":1.0")]
    [InlineData("tf.variance_scaling_initializer()", "VarianceScaling", "\"scale\":1.0,\"mode\":\"fan_in\",\"distribution\":\"truncated_normal\"")]
    [InlineData("tf.contrib.layers.variance_scaling_initializer()", "ContribVarianceScaling", "\"factor\":2.0,\"mode\":\"FAN_IN\",\"uniform\":false")]
    [InlineData("tf.contrib.layers.xavier_initializer()", "XavierInitializer", "\"uniform\":true")]
    public void DefaultsAreTensorFlow115s(string code, string className, string config)
    {
        string json = KerasJson.Serialize(PythonInitializers.Parse(code));
        Assert.Contains($"\"class_name\":\"{className}\"", json, StringComparison.Ordinal);
        Assert.Contains("{\"seed\":null," + config + "}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Tf1VarianceScalingTruncatedMatchesInitOps()
    {
        // init_ops.py VarianceScaling.__call__: scale /= max(1., fan_in); stddev = math.sqrt(scale) / .87962566103423978;
        // truncated_normal(shape, 0.0, stddev). tf.variance_scaling_initializer(2.0) on [3, 3, 16, 32]: fan_in 144.
        var vs = (VarianceScaling)PythonInitializers.Parse("tf.variance_scaling_initializer(scale=2.0, seed=2)");
        double std = Math.Sqrt(2.0 / 144) / 0.87962566103423978;
        SampleAssert.MatchesLaw(vs.Generate(3, 3, 16, 32), new TruncatedNormalLaw(0, std, -2 * std, 2 * std), "tf.variance_scaling_initializer(2.0) conv");
    }

    [Fact]
    public void Tf1VarianceScalingRefusesJaxsGeometricMode()
    {
        // init_ops.py VarianceScaling.__init__: mode not in {"fan_in", "fan_out", "fan_avg"} raises ValueError.
        var e = Assert.Throws<TfInit.PythonCode.PythonCodeException>(() => PythonInitializers.Parse("tf.variance_scaling_initializer(mode='fan_geo_avg')"));
        Assert.Contains("'fan_in', 'fan_out', 'fan_avg'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UniformUnitScaling", """{"seed": 4, "factor": 1.15}""")]
    [InlineData("ContribVarianceScaling", """{"seed": 4, "factor": 1.0, "mode": "FAN_AVG", "uniform": true}""")]
    [InlineData("XavierInitializer", """{"seed": null, "uniform": false}""")]
    [InlineData("uniform_unit_scaling_initializer", """{}""")]
    [InlineData("xavier_initializer_conv2d", """{"uniform": true}""")]
    public void ConfigsRoundTrip(string name, string config)
    {
        var first = KerasJson.Deserialize($$"""{"class_name": "{{name}}", "config": {{config}}}""");
        string json = KerasJson.Serialize(first);
        var second = KerasJson.Deserialize(json);
        Assert.Equal(json, KerasJson.Serialize(second));
        if (first is RandomInitializer { Seed: not null })
        {
            Assert.Equal(first.Generate(6, 5), second.Generate(6, 5));
        }
    }

    [Fact]
    public void ConfigWithAWrongTypeNamesTheKey()
    {
        var e = Assert.Throws<ArgumentException>(() => KerasJson.Deserialize("""{"class_name": "XavierInitializer", "config": {"uniform": "yes"}}"""));
        Assert.Contains("'uniform'", e.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", e.Message, StringComparison.Ordinal);
    }
}
