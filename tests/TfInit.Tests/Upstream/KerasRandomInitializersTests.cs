using System.Text.Json;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Tests.Upstream;

/// <summary>
/// Keras 3.16's <c>keras/src/initializers/random_initializers_test.py</c> (<c>RandomInitializersTest</c>), ported: each
/// test names the upstream test it follows. The standard-deviation checks keep upstream's tolerance (atol 0.1 on the
/// sample std); <c>run_class_serialization_test</c> becomes a config round trip (get_config, from JSON, get_config
/// again, same values). Not ported: SeedGenerator seeds (TfInit takes integer seeds only) and <c>initializers.get</c>
/// on a tensor (TfInit's array initializer is <see cref="Pretrained"/>, tested in its own class).
/// </summary>
public sealed class KerasRandomInitializersTests
{
    /// <summary>Follows <c>test_random_normal</c>: std within 0.1 of stddev, fixed seed repeats, clones by config.</summary>
    [Fact]
    public void TestRandomNormal()
    {
        var initializer = new RandomNormal(0.0, 1.0, seed: 1234);
        double[] values = initializer.Generate(25, 20);
        Assert.Equal((0.0, 1.0, 1234L), (initializer.Mean, initializer.Stddev, initializer.Seed!.Value));
        Assert.Equal(500, values.Length);
        Assert.InRange(Std(values), 1.0 - 0.1, 1.0 + 0.1);
        AssertSerializationRoundTrip(initializer);

        // A fixed seed yields the same results each call.
        var fixedSeed = new RandomNormal(0.0, 1.0, seed: 1337);
        Assert.Equal(fixedSeed.Generate(25, 20), fixedSeed.Generate(25, 20));

        // Unseeded: a clone made from the config gets other values; seeded: the same values.
        var unseeded = new RandomNormal(0.0, 1.0);
        var unseededClone = KerasJson.Deserialize(unseeded.ToString());
        Assert.NotEqual(unseeded.Generate(25, 20), unseededClone.Generate(25, 20));
        var seededClone = KerasJson.Deserialize(fixedSeed.ToString());
        Assert.Equal(fixedSeed.Generate(25, 20), seededClone.Generate(25, 20));
    }

    /// <summary>Follows <c>test_random_uniform</c>: values in [minval, maxval).</summary>
    [Fact]
    public void TestRandomUniform()
    {
        var initializer = new RandomUniform(-1.0, 1.0, seed: 1234);
        double[] values = initializer.Generate(5, 5);
        Assert.Equal((-1.0, 1.0, 1234L), (initializer.Minval, initializer.Maxval, initializer.Seed!.Value));
        Assert.Equal(25, values.Length);
        Assert.True(values.Min() >= -1.0);
        Assert.True(values.Max() < 1.0);
        AssertSerializationRoundTrip(initializer);
    }

    /// <summary>Follows <c>test_variance_scaling</c>: fan_in gives std sqrt(scale / 25), fan_out sqrt(scale / 20) on (25, 20).</summary>
    [Theory]
    [InlineData("fan_in", 25)]
    [InlineData("fan_out", 20)]
    public void TestVarianceScaling(string mode, int fan)
    {
        var initializer = new VarianceScaling(scale: 2.0, mode: mode, seed: 1234);
        double[] values = initializer.Generate(25, 20);
        Assert.Equal((2.0, 1234L), (initializer.Scale, initializer.Seed!.Value));
        Assert.Equal(500, values.Length);
        Assert.InRange(Std(values), Math.Sqrt(2.0 / fan) - 0.1, Math.Sqrt(2.0 / fan) + 0.1);
        AssertSerializationRoundTrip(initializer);
    }

    /// <summary>
    /// Follows <c>test_orthogonal</c>: (5, 5) with gain 2 has columns of norm gain and pairwise orthogonal columns
    /// (assertAlmostEqual: 7 decimal places), and <c>OrthogonalInitializer</c> names the same class.
    /// </summary>
    [Fact]
    public void TestOrthogonal()
    {
        var initializer = new Orthogonal(gain: 2.0, seed: 1234);
        double[] a = initializer.Generate(5, 5);
        Assert.Equal((1234L, 2.0), (initializer.Seed!.Value, initializer.Gain));
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(2.0, Math.Sqrt(Enumerable.Range(0, 5).Sum(r => a[(r * 5) + i] * a[(r * 5) + i])), 7);
            for (int j = i + 1; j < 5; j++)
            {
                Assert.Equal(0.0, Enumerable.Range(0, 5).Sum(r => a[(r * 5) + i] * a[(r * 5) + j]), 7);
            }
        }

        AssertSerializationRoundTrip(initializer);
        Assert.IsType<Orthogonal>(KerasJson.Deserialize("OrthogonalInitializer"));
    }

    /// <summary>Follows <c>test_get_method</c>: a name gives its class, a typo is an error (Keras's ValueError).</summary>
    [Fact]
    public void TestGetMethod()
    {
        Assert.IsType<GlorotNormal>(KerasJson.Deserialize("glorot_normal"));
        Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize("typo"));
    }

    /// <summary>Follows <c>test_variance_scaling_invalid_scale</c>.</summary>
    [Fact]
    public void TestVarianceScalingInvalidScale() =>
        Assert.ThrowsAny<ArgumentException>(() => new VarianceScaling(scale: -1.0, mode: "fan_in", seed: 1234));

    /// <summary>Follows <c>test_variance_scaling_invalid_mode</c>.</summary>
    [Fact]
    public void TestVarianceScalingInvalidMode()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new VarianceScaling(scale: 2.0, mode: "invalid_mode", seed: 1234));
        Assert.Contains("mode", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Follows <c>test_variance_scaling_invalid_distribution</c>.</summary>
    [Fact]
    public void TestVarianceScalingInvalidDistribution()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new VarianceScaling(2.0, "fan_in", "invalid_dist", 1234));
        Assert.Contains("distribution", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Follows <c>test_compute_fans_with_axes</c>: (512, 8, 64) with [0] / [1, 2] is (512, 512); with [0, 1] / [2], (4096, 64).</summary>
    [Fact]
    public void TestComputeFansWithAxes()
    {
        int[] shape = [512, 8, 64];
        Assert.Equal(new Fans(512, 512), Fans.FromInputOutputAxes(shape, [0], [1, 2]));
        Assert.Equal(new Fans(512 * 8, 64), Fans.FromInputOutputAxes(shape, [0, 1], [2]));
    }

    /// <summary>
    /// Follows <c>test_variance_scaling_with_axes</c>: (32, 4, 16) with input_axes [0], output_axes [1, 2] has std
    /// sqrt(2 / 32); without axes, sqrt(2 / 128) (Keras's conv fans: 4 * 32). Tolerance atol 0.1, as upstream.
    /// </summary>
    [Fact]
    public void TestVarianceScalingWithAxes()
    {
        int[] shape = [32, 4, 16];
        var withAxes = new VarianceScaling(scale: 2.0, mode: "fan_in", seed: 1234) { InputAxes = [0], OutputAxes = [1, 2] };
        double[] values = withAxes.Generate(shape);
        Assert.Equal(32 * 4 * 16, values.Length);
        Assert.InRange(Std(values), Math.Sqrt(2.0 / 32) - 0.1, Math.Sqrt(2.0 / 32) + 0.1);

        var without = new VarianceScaling(scale: 2.0, mode: "fan_in", seed: 1234);
        Assert.InRange(Std(without.Generate(shape)), Math.Sqrt(2.0 / 128) - 0.1, Math.Sqrt(2.0 / 128) + 0.1);

        // Upstream's atol 0.1 cannot tell these two apart (0.25 vs 0.125); the fans can.
        Assert.Equal(32, withAxes.FanFor(shape));
        Assert.Equal(128, without.FanFor(shape));
    }

    /// <summary>
    /// Follows <c>test_mha_query_projection_variance</c>: Keras's MultiHeadAttention builds its query kernel (dim, heads,
    /// key_dim) = (32, 8, 16) with input_axes [0] and output_axes [1, 2], so lecun_normal has std sqrt(1 / 32). TfInit has
    /// no attention layer: the initializer gets the axes the layer gives it.
    /// </summary>
    [Fact]
    public void TestMhaQueryProjectionVariance()
    {
        var lecun = new LecunNormal(1337) { InputAxes = [0], OutputAxes = [1, 2] };
        double[] kernel = lecun.Generate(32, 8, 16);
        Assert.InRange(Std(kernel), Math.Sqrt(1.0 / 32) - 0.1, Math.Sqrt(1.0 / 32) + 0.1);
        Assert.Equal(32, lecun.FanFor([32, 8, 16]));
    }

    /// <summary>
    /// Follows <c>test_variance_scaling_serialization_with_axes</c>: the axes survive the config round trip, written as
    /// Keras 3.16 writes them; JSON from an older Keras (no input_axes) still reads, with null axes.
    /// </summary>
    [Fact]
    public void TestVarianceScalingSerializationWithAxes()
    {
        var initializer = new VarianceScaling { InputAxes = [0], OutputAxes = [1, 2] };
        AssertSerializationRoundTrip(initializer);
        var config = JsonDocument.Parse(initializer.ToString()).RootElement.GetProperty("config");
        Assert.Equal(["seed", "scale", "mode", "distribution", "input_axes", "output_axes"], config.EnumerateObject().Select(p => p.Name));
        Assert.Equal([0], config.GetProperty("input_axes").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([1, 2], config.GetProperty("output_axes").EnumerateArray().Select(e => e.GetInt32()));

        var revived = Assert.IsType<VarianceScaling>(KerasJson.Deserialize(initializer.ToString()));
        Assert.Equal(new Fans(512, 512), revived.FansFor([512, 8, 64]));

        var old = Assert.IsType<HeNormal>(KerasJson.Deserialize("""{"class_name": "HeNormal", "config": {"seed": 3}}"""));
        Assert.Null(old.InputAxes);
        Assert.Null(old.OutputAxes);
        var current = Assert.IsType<HeNormal>(KerasJson.Deserialize(
            """{"module": "keras.initializers", "class_name": "HeNormal", "config": {"seed": 3, "input_axes": null, "output_axes": null}, "registered_name": null}"""));
        Assert.Equal(old.Generate(4, 5), current.Generate(4, 5));
    }

    /// <summary>
    /// Keras's compute_fans uses the axis lists only when both are given: a lone input_axes changes nothing but is kept.
    /// </summary>
    [Fact]
    public void OneAxisListAloneIsKeptAndIgnoredAsInKeras()
    {
        var lone = new VarianceScaling(seed: 4) { InputAxes = [0] };
        Assert.Equal(new VarianceScaling(seed: 4).Generate(6, 7, 8), lone.Generate(6, 7, 8));
        var config = JsonDocument.Parse(lone.ToString()).RootElement.GetProperty("config");
        Assert.Equal(JsonValueKind.Null, config.GetProperty("output_axes").ValueKind);
        Assert.Equal([0], config.GetProperty("input_axes").EnumerateArray().Select(e => e.GetInt32()));
    }

    internal static void AssertSerializationRoundTrip(Initializer initializer)
    {
        string json = initializer.ToString();
        var revived = KerasJson.Deserialize(json);
        Assert.Equal(initializer.GetType(), revived.GetType());
        Assert.Equal(json, revived.ToString());
    }

    private static double Std(double[] values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
    }
}
