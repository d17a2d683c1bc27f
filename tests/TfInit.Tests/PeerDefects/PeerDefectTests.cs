using TfInit.Initializers;
using TfInit.Random;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.PeerDefects;

/// <summary>
/// The known defects of the .NET peers (DESIGN.md) are absent here: TensorFlow.NET's VarianceScaling ignores its
/// seed, integer-divides fan_avg, turns unknown names into glorot_uniform, and its Orthogonal ignores its seed and
/// has no config; TorchSharp's xavier_normal_ is uniform, its trunc_normal_ swaps mean and std (every value 1.0 with
/// the defaults) and its generator argument is ignored; tfjs's truncated VarianceScaling lacks the 0.8796 correction.
/// </summary>
public sealed class PeerDefectTests
{
    [Fact]
    public void VarianceScalingHonoursItsSeed()
    {
        foreach (string distribution in new[] { "truncated_normal", "untruncated_normal", "uniform" })
        {
            double[] a = new VarianceScaling(1.0, "fan_avg", distribution, seed: 10).Generate(32, 16);
            double[] b = new VarianceScaling(1.0, "fan_avg", distribution, seed: 10).Generate(32, 16);
            double[] c = new VarianceScaling(1.0, "fan_avg", distribution, seed: 11).Generate(32, 16);
            Bits.Equal(a, b, $"{distribution}: same seed");
            Assert.True(Bits.CountEqual(a, c) == 0, $"{distribution}: seeds 10 and 11 share values");
        }
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(4294967295L)]
    public void FanAvgIsNotIntegerDividedOnTheNumPyStream(long seed)
    {
        // Shape [3, 4]: fan_avg = (3 + 4) / 2 = 3.5, not 3. With numpy's uniform(-limit, limit) = -limit + (2 limit) * u
        // and limit = sqrt(3 * scale / 3.5), the values are known to the bit; integer division would give limit 1.
        int[] shape = [3, 4];
        double limit = Math.Sqrt(3.0 * 1.0 / 3.5);
        var u = new NumPyRandomState(seed);
        double[] expected = Enumerable.Range(0, 12).Select(_ => -limit + ((limit - -limit) * u.NextDouble())).ToArray();

        Bits.Equal(expected, new VarianceScaling(1.0, "fan_avg", "uniform").Generate(new NumPyRandomState(seed), shape), "VarianceScaling fan_avg uniform");
        Bits.Equal(expected, new GlorotUniform().Generate(new NumPyRandomState(seed), shape), "GlorotUniform");

        // untruncated_normal: randn * sqrt(scale / 3.5).
        var g = new NumPyRandomState(seed);
        double std = Math.Sqrt(2.0 / 3.5);
        double[] normal = Enumerable.Range(0, 12).Select(_ => g.NextGaussian() * std).ToArray();
        Bits.Equal(normal, new VarianceScaling(2.0, "fan_avg", "untruncated_normal").Generate(new NumPyRandomState(seed), shape), "fan_avg normal");

        double integerDivisionLimit = Math.Sqrt(3.0 * 1.0 / 3);
        var v = new NumPyRandomState(seed);
        double[] wrong = Enumerable.Range(0, 12).Select(_ => -integerDivisionLimit + (2 * integerDivisionLimit * v.NextDouble())).ToArray();
        Assert.Equal(0, Bits.CountEqual(wrong, expected));
    }

    [Fact]
    public void FanAvgIsNotIntegerDividedOnThePhiloxStream()
    {
        // 4000 GlorotUniform instances on [3, 4] (N = 48000): every |x| < sqrt(6 / 7) = 0.9258..., and the largest
        // comes within 20 / (N * density) of it (chance of missing about exp(-20)); integer division would reach 1.
        double limit = Math.Sqrt(6.0 / 7.0);
        double max = 0;
        int n = 0;
        for (long seed = 0; seed < 4000; seed++)
        {
            foreach (double x in new GlorotUniform(seed).Generate(3, 4))
            {
                Assert.True(x >= -limit && x < limit, $"seed {seed}: {x:R} outside [-{limit:R}, {limit:R})");
                max = Math.Max(max, Math.Abs(x));
                n++;
            }
        }

        Assert.True(limit - max <= 20 * (2 * limit) / n, $"max |x| {max:R} is not close to {limit:R}");
    }

    [Fact]
    public void XavierNormalIsNormalNotUniform()
    {
        // N = 512 * 512. For N(0, s^2): P(|x| > 2 s) = 0.0455 and excess kurtosis 0; a uniform of the same variance has
        // no value beyond 1.73 s and excess kurtosis -1.2. Tolerances: 5 * sqrt(p (1 - p) / N) and 5 * sqrt(24 / N).
        double[] x = new XavierNormal(seed: 3).Generate(512, 512);
        double s = Math.Sqrt(2.0 / (512 + 512));
        int n = x.Length;
        double p = 1 - Law.Integrate(Law.StandardNormalDensity, -2, 2);
        double beyond = x.Count(v => Math.Abs(v) > 2 * s) / (double)n;
        Assert.True(Math.Abs(beyond - p) <= 5 * Math.Sqrt(p * (1 - p) / n), $"fraction beyond 2 sigma {beyond:R}, expected {p:R}");

        double mean = x.Average();
        double m2 = x.Select(v => Math.Pow(v - mean, 2)).Average();
        double m4 = x.Select(v => Math.Pow(v - mean, 4)).Average();
        double excessKurtosis = (m4 / (m2 * m2)) - 3;
        Assert.True(Math.Abs(excessKurtosis) <= 5 * Math.Sqrt(24.0 / n), $"excess kurtosis {excessKurtosis:R}");
        Assert.True(x.Max(Math.Abs) > 4 * s, "no value beyond 4 sigma in 262144 normal draws");
    }

    [Fact]
    public void TruncNormalWithDefaultsIsNotConstantAndLiesInMinusTwoToTwo()
    {
        double[] x = new TruncNormal(seed: 4).Generate(100, 100);
        Assert.All(x, v => Assert.InRange(v, -2.0, 2.0));
        Assert.True(x.Distinct().Count() > 9990, "values repeat");
        Assert.DoesNotContain(1.0, x);
        SampleAssert.MatchesLaw(x, new TruncatedNormalLaw(0, 1, -2, 2), "TruncNormal defaults");
    }

    [Fact]
    public void TruncNormalUsesMeanAsMeanAndStdAsStd()
    {
        // Swapping them (TorchSharp) would centre N(0.05, 3^2) draws near 0.05 with spread 3.
        double[] x = new TruncNormal(mean: 3.0, std: 0.05, a: 2.0, b: 4.0, seed: 5).Generate(100, 100);
        SampleAssert.MatchesLaw(x, new TruncatedNormalLaw(3.0, 0.05, 2.0, 4.0), "TruncNormal(3, 0.05)");
    }

    [Fact]
    public void OrthogonalHonoursItsSeedAndHasAConfig()
    {
        double[] a = new Orthogonal(seed: 1).Generate(16, 16);
        Bits.Equal(a, new Orthogonal(seed: 1).Generate(16, 16), "same seed");
        Assert.Equal(0, Bits.CountEqual(a, new Orthogonal(seed: 2).Generate(16, 16)));

        var config = new Orthogonal(1.5, seed: 9).GetConfig();
        Assert.Equal(["seed", "gain"], config.Keys);
        Assert.Equal(9L, config["seed"]);
        Assert.Equal(1.5, config["gain"]);
        var copy = KerasJson.Deserialize(KerasJson.Serialize(new Orthogonal(1.5, seed: 9)));
        Bits.Equal(new Orthogonal(1.5, seed: 9).Generate(12, 7), copy.Generate(12, 7), "round trip");
    }

    [Theory]
    [InlineData("glorot_uniformm")]
    [InlineData("he_norm")]
    [InlineData("xavier")]
    [InlineData("""{"class_name": "GlorotUniformX", "config": {}}""")]
    public void UnknownNamesAreErrorsNotGlorotUniform(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => KerasJson.Deserialize(text));
        Assert.Contains("Valid names", error.Message, StringComparison.Ordinal);
        Assert.Contains("glorot_uniform", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedVarianceScalingHasTheTruncationCorrection()
    {
        // Keras: stddev after truncation is sqrt(scale / n). Without the 0.8796 correction (tfjs) it would be 0.88 of that.
        double[] x = new HeNormal(seed: 6).Generate(1024, 256);
        double expected = Math.Sqrt(2.0 / 1024);
        double mean = x.Average();
        double std = Math.Sqrt(x.Select(v => (v - mean) * (v - mean)).Sum() / (x.Length - 1));
        Assert.True(Math.Abs((std / expected) - 1) < 0.01, $"std {std:R}, expected {expected:R}");
    }

    [Fact]
    public void AnExplicitStreamIsUsed()
    {
        // TorchSharp ignores its generator argument. Here RandomNormal(0, 0.01) on np.random.seed(5) is randn * 0.01.
        var reference = new NumPyRandomState(5);
        double[] expected = Enumerable.Range(0, 20).Select(_ => reference.NextGaussian() * 0.01).ToArray();
        Bits.Equal(expected, new RandomNormal(0, 0.01, seed: 99).Generate(new NumPyRandomState(5), 4, 5), "RandomNormal on numpy stream");
    }
}
