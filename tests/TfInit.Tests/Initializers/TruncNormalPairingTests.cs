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
}
