using TfInit.Keras.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class FlattenDropoutTests
{
    [Fact]
    public void FlattenIsRowMajorOverAllButTheBatchAxis()
    {
        var flatten = new Flatten();
        flatten.Build([3, 4, 5]);
        Assert.Equal(new long[] { 60 }, flatten.OutputShape);
        Assert.Equal(0, flatten.ParamCount);

        double[] xs = Enumerable.Range(0, 2 * 60).Select(i => (double)i * 0.5).ToArray();
        using var x = tensor(xs, [2, 3, 4, 5], ScalarType.Float64);
        using var y = flatten.Call(x);
        Assert.Equal(new long[] { 2, 60 }, y.shape);
        double[] ys = TestData.Values(y);
        for (int b = 0; b < 2; b++)
        {
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    for (int k = 0; k < 5; k++)
                    {
                        // out[b, (i * 4 + j) * 5 + k] = x[b, i, j, k]
                        Assert.Equal(xs[(((b * 3) + i) * 4 + j) * 5 + k], ys[(b * 60) + (((i * 4) + j) * 5) + k]);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void TrainingDropsAboutRateAndScalesTheRest(double rate)
    {
        const int count = 100_000;
        torch.random.manual_seed(1234); // deterministic run; the tolerance below does not depend on it
        var dropout = new Dropout(rate);
        dropout.Build([count]);
        using var x = ones(1, count);
        using var y = dropout.Call(x, training: true);
        float[] ys = TestData.Floats(y);

        double zeroFraction = ys.Count(v => v == 0) / (double)count;
        // Each value is dropped independently with probability rate: the fraction's standard deviation is
        // sqrt(rate (1 - rate) / n) <= sqrt(0.25 / 1e5) = 0.0016; 0.01 is more than 6 standard deviations.
        Assert.InRange(zeroFraction, rate - 0.01, rate + 0.01);

        // Kept values are scaled by 1 / (1 - rate) (inverted dropout), to float32 precision.
        float kept = (float)(1.0 / (1.0 - rate));
        Assert.All(ys.Where(v => v != 0), v => Assert.Equal(kept, v, kept * 1e-6f));

        // Hence the mean is preserved: E[y] = 1; sd of the mean = sqrt(rate / (1 - rate) / n) <= 0.0095 at rate 0.9;
        // 0.05 is more than 5 standard deviations.
        Assert.InRange(ys.Average(v => (double)v), 0.95, 1.05);
    }

    [Fact]
    public void InferenceIsTheIdentity()
    {
        var dropout = new Dropout(0.5);
        dropout.Build([10]);
        using var x = TestData.Normal32(51, 1.0, 4, 10);
        using var y = dropout.Call(x, training: false);
        TestData.BitEqual(TestData.Floats(x), TestData.Floats(y));

        var none = new Dropout(0.0);
        none.Build([10]);
        using var y0 = none.Call(x, training: true);
        TestData.BitEqual(TestData.Floats(x), TestData.Floats(y0)); // rate 0 drops nothing even in training
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void RateOutsideZeroToOneThrows(double rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(rate));
        Assert.Equal("rate", e.ParamName);
    }
}
