using TfInit.Initializers;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// The two spellings of the truncated normal (the XML docs of each point at the other): PyTorch's TruncNormal with
/// cut-offs mean +- 2 std gives Keras's TruncatedNormal bit for bit, and its default absolute cut-offs do not follow
/// the std as Keras's do.
/// </summary>
public sealed class TruncNormalPairingTests
{
    [Theory]
    [InlineData(0.0, 0.05)]
    [InlineData(0.3, 1.7)]
    public void TruncNormalWithCutOffsAtTwoStdIsTruncatedNormal(double mean, double std)
    {
        var keras = new TruncatedNormal(mean, std, seed: 11);
        var torch = new TruncNormal(mean, std, mean - (2 * std), mean + (2 * std), seed: 11);
        Bits.Equal(keras.Generate(64, 48), torch.Generate(64, 48), $"mean {mean}, std {std}");
    }

    [Fact]
    public void TheDefaultsDiffer()
    {
        // Keras: stddev 0.05 cut at +-0.1; PyTorch: std 1 cut at the absolute -2, 2, so std 3 is cut at less than one std.
        double[] values = new TruncNormal(std: 3.0, seed: 2).Generate(100, 100);
        Assert.All(values, v => Assert.InRange(v, -2.0, 2.0));
        Assert.Contains(values, v => Math.Abs(v) > 1.9);
    }

    [Theory]
    [InlineData(10.0, 8.341e-28)]
    [InlineData(-3.0, 1e-300)]
    public void AStddevBelowTheMeansLastBitGivesTheMean(double mean, double stddev)
    {
        // mean +- 2 stddev rounds to the mean, so the cut-offs coincide: found by the Python-code fuzz run
        // (tf.keras.initializers.TruncatedNormal(10, 8.341e-28)), which failed with "low < high" naming an internal 'low'.
        Assert.All(new TruncatedNormal(mean, stddev, seed: 4).Generate(8, 8), v => Assert.Equal(mean, v));
        Assert.All(new TruncatedNormal(mean, stddev, seed: 4).GenerateSingle(8, 8), v => Assert.Equal((float)mean, v));
    }

    [Fact]
    public void CutOffsWithAlmostNoProbabilityAreRefusedNamingThem()
    {
        // Found by the Python-code fuzz run: torch.nn.init.trunc_normal_(w, 3, 4294967296, a=0.01, b=0.1) holds about
        // 8e-12 of N(3, 2^32^2); the draw's rejection loop gave up naming its internal 'low'. PyTorch itself samples
        // by inverse CDF; TfInit refuses such intervals (below 1e-5 of the mass) up front, naming a and b.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TruncNormal(3, 4294967296, a: 0.01, b: 0.1));
        Assert.Equal("a", e.ParamName);
        Assert.Contains("a=0.01, b=0.1", e.Message, StringComparison.Ordinal);

        // Far in one tail (10 to 11 std) is refused too, not lost to 1 - 1 = 0 cancellation in the CDF.
        Assert.Throws<ArgumentOutOfRangeException>(() => new TruncNormal(0, 1, a: 10, b: 11));

        // A tail interval that holds enough mass (about 1.3e-3 beyond 3 std) still samples inside it.
        Assert.All(new TruncNormal(0, 1, a: 3, b: 30, seed: 1).Generate(16, 16), v => Assert.InRange(v, 3.0, 30.0));
    }
}
