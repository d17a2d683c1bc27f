using TfInit.Initializers;
using TfInit.Keras.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class BatchNormalizationTests
{
    private const int Batch = 8;
    private const int Features = 3;

    // Per-feature offsets and scales; feature 0 has variance ~0.01, the same order as epsilon (1e-3), so a
    // missing or misplaced epsilon shows up clearly (0.01 / 0.011 = 0.91 instead of 1).
    private static readonly double[] Offsets = [5.0, -2.0, 0.0];
    private static readonly double[] Scales = [0.1, 3.0, 1.0];

    /// <summary>[Batch, Features] float values offset_f + scale_f * z, z ~ N(0, 1) from the TfInit core.</summary>
    private static float[] Input(long seed)
    {
        double[] z = new RandomNormal(0, 1, seed).Generate(Batch, Features);
        var x = new float[z.Length];
        for (int n = 0; n < Batch; n++)
        {
            for (int f = 0; f < Features; f++)
            {
                x[n * Features + f] = (float)(Offsets[f] + Scales[f] * z[n * Features + f]);
            }
        }

        return x;
    }

    /// <summary>Mean and biased (population, divide by N) variance of feature f, by hand in double.</summary>
    private static (double Mean, double Var) Stats(float[] x, int f)
    {
        double mean = 0;
        for (int n = 0; n < Batch; n++)
        {
            mean += x[n * Features + f];
        }

        mean /= Batch;
        double var = 0;
        for (int n = 0; n < Batch; n++)
        {
            double d = x[n * Features + f] - mean;
            var += d * d;
        }

        return (mean, var / Batch);
    }

    [Fact]
    public void KerasDefaults()
    {
        var bn = new BatchNormalization();
        Assert.Equal(-1, bn.Axis);
        Assert.Equal(0.99, bn.Momentum);
        Assert.Equal(1e-3, bn.Epsilon);
        Assert.True(bn.Center);
        Assert.True(bn.Scale);
        Assert.False(bn.AlwaysUseBatchStatistics);
        Assert.IsType<Ones>(bn.GammaInitializer);
        Assert.IsType<Zeros>(bn.BetaInitializer);
        Assert.IsType<Zeros>(bn.MovingMeanInitializer);
        Assert.IsType<Ones>(bn.MovingVarianceInitializer);

        bn.Build([Features]);
        Assert.Equal(new[] { "gamma", "beta", "moving_mean", "moving_variance" }, bn.Weights.Select(w => w.Name));
        Assert.All(bn.Weights, w => Assert.Equal(new long[] { Features }, w.Value.shape));
        Assert.Equal(new[] { 1.0, 1, 1 }, TestData.Values(bn.Weights[0].Value));
        Assert.Equal(new[] { 0.0, 0, 0 }, TestData.Values(bn.Weights[1].Value));
        Assert.Equal(new[] { 0.0, 0, 0 }, TestData.Values(bn.Weights[2].Value));
        Assert.Equal(new[] { 1.0, 1, 1 }, TestData.Values(bn.Weights[3].Value));
        Assert.Equal(4 * Features, bn.ParamCount);
    }

    [Fact]
    public void MovingStatisticsAreNotTrainable()
    {
        var bn = new BatchNormalization();
        bn.Build([Features]);
        var byName = bn.Weights.ToDictionary(w => w.Name);
        Assert.True(byName["gamma"].Trainable);
        Assert.True(byName["beta"].Trainable);
        Assert.False(byName["moving_mean"].Trainable);
        Assert.False(byName["moving_variance"].Trainable);
        // The torch side agrees: no gradient flows into the moving statistics.
        Assert.True(byName["gamma"].Value.requires_grad);
        Assert.False(byName["moving_mean"].Value.requires_grad);
        Assert.False(byName["moving_variance"].Value.requires_grad);
    }

    [Fact]
    public void TrainingNormalizesWithBatchStatistics()
    {
        var bn = new BatchNormalization();
        bn.Build([Features]);
        float[] xs = Input(41);
        using var x = tensor(xs, [Batch, Features]);
        using var y = bn.Call(x, training: true);
        double[] ys = TestData.Values(y);

        var expected = new double[xs.Length];
        for (int f = 0; f < Features; f++)
        {
            var (mean, var) = Stats(xs, f);
            for (int n = 0; n < Batch; n++)
            {
                expected[n * Features + f] = (xs[n * Features + f] - mean) / Math.Sqrt(var + 1e-3);
            }

            // Per feature: mean 0 and variance var / (var + eps) (not 1: epsilon is inside the square root).
            double outMean = Enumerable.Range(0, Batch).Average(n => ys[n * Features + f]);
            double outVar = Enumerable.Range(0, Batch).Average(n => Math.Pow(ys[n * Features + f] - outMean, 2));
            Assert.InRange(outMean, -1e-5, 1e-5);
            Assert.InRange(outVar, (var / (var + 1e-3)) - 1e-5, (var / (var + 1e-3)) + 1e-5);
        }

        // float32 arithmetic on values normalized to |y| < 3: errors ~1e-6 (the offset 5 with scale 0.1 costs ~ 5 * 6e-8 / 0.1
        // = 3e-6 relative to the normalized value). 1e-5 as the brief asks; a wrong epsilon (1e-5 instead of 1e-3)
        // or the unbiased variance (8/7) moves outputs by 1e-2 or more.
        TestData.Close(expected, ys, 1e-5, "bn(train)");
        Assert.True(Stats(xs, 0).Var < 0.05); // the epsilon-sensitive feature really is small-variance
    }

    [Fact]
    public void MovingStatisticsUpdateWithMomentumAndBiasedVariance()
    {
        foreach (double momentum in new[] { 0.99, 0.5 })
        {
            var bn = new BatchNormalization(momentum: momentum);
            bn.Build([Features]);
            var movingMean = new[] { 0.0, 0, 0 };
            var movingVar = new[] { 1.0, 1, 1 };
            foreach (long seed in new long[] { 42, 43 })
            {
                float[] xs = Input(seed);
                using var x = tensor(xs, [Batch, Features]);
                using var _ = bn.Call(x, training: true);
                for (int f = 0; f < Features; f++)
                {
                    var (mean, var) = Stats(xs, f);
                    movingMean[f] = (movingMean[f] * momentum) + (mean * (1 - momentum));
                    movingVar[f] = (movingVar[f] * momentum) + (var * (1 - momentum));
                }

                // float32 storage of values up to ~10: 1e-5 absolute. The unbiased variance would differ by
                // (1 - momentum) * var / 7, i.e. >= 1e-4 here for the features with variance 1 and 9.
                TestData.Close(movingMean, TestData.Values(bn.Weights[2].Value), 1e-5, $"moving_mean m={momentum}");
                TestData.Close(movingVar, TestData.Values(bn.Weights[3].Value), 1e-5, $"moving_variance m={momentum}");
            }
        }
    }

    [Fact]
    public void InferenceUsesMovingStatisticsAndLeavesThemUnchanged()
    {
        var bn = new BatchNormalization(
            gammaInitializer: new Constant(3.0), betaInitializer: new Constant(-1.0),
            movingMeanInitializer: new Constant(2.0), movingVarianceInitializer: new Constant(4.0));
        bn.Build([Features]);
        float[] xs = Input(44);
        using var x = tensor(xs, [Batch, Features]);
        using var y = bn.Call(x, training: false);

        var expected = xs.Select(v => (3.0 * (v - 2.0) / Math.Sqrt(4.0 + 1e-3)) - 1.0).ToArray();
        TestData.Close(expected, TestData.Values(y), 1e-5, "bn(inference)"); // float32, |y| < 30: a few ulps
        Assert.Equal(new[] { 2.0, 2, 2 }, TestData.Values(bn.Weights[2].Value));
        Assert.Equal(new[] { 4.0, 4, 4 }, TestData.Values(bn.Weights[3].Value));
    }

    [Fact]
    public void TfContribDefaultsAndBatchStatisticsEvenWhenNotTraining()
    {
        var bn = BatchNormalization.TfContrib();
        Assert.Equal(0.999, bn.Momentum);
        Assert.Equal(0.001, bn.Epsilon);
        Assert.True(bn.Center);
        Assert.False(bn.Scale);
        Assert.True(bn.AlwaysUseBatchStatistics);

        bn.Build([Features]);
        Assert.Equal(new[] { "beta", "moving_mean", "moving_variance" }, bn.Weights.Select(w => w.Name)); // no gamma
        Assert.Equal(Features, bn.Weights.Where(w => w.Trainable).Sum(w => w.Value.numel()));

        float[] xs = Input(45);
        using var x = tensor(xs, [Batch, Features]);
        using var y = bn.Call(x, training: false);
        var expected = new double[xs.Length];
        for (int f = 0; f < Features; f++)
        {
            var (mean, var) = Stats(xs, f);
            for (int n = 0; n < Batch; n++)
            {
                expected[n * Features + f] = (xs[n * Features + f] - mean) / Math.Sqrt(var + 0.001);
            }
        }

        // Same float32 budget as the training test. With moving statistics (0, 1) the output would be ~x/1.0005,
        // off by whole units.
        TestData.Close(expected, TestData.Values(y), 1e-5, "contrib bn");
    }

    [Fact]
    public void FourDimensionalChannelsLastNormalizesPerChannelOverBatchAndSpace()
    {
        const int n = 2, h = 3, w = 4, c = 3;
        var bn = new BatchNormalization(gammaInitializer: new Constant(2.0), betaInitializer: new Constant(0.5));
        bn.Build([h, w, c]);
        Assert.All(bn.Weights, v => Assert.Equal(new long[] { c }, v.Value.shape));
        Assert.Equal(new long[] { h, w, c }, bn.OutputShape);

        double[] z = new RandomNormal(0, 1, 46).Generate(n, h, w, c);
        float[] xs = z.Select((v, i) => (float)(Offsets[i % c] + Scales[i % c] * v)).ToArray();
        using var x = tensor(xs, [n, h, w, c]);
        using var y = bn.Call(x, training: true);
        double[] ys = TestData.Values(y);

        var expected = new double[xs.Length];
        for (int ch = 0; ch < c; ch++)
        {
            var idx = Enumerable.Range(0, xs.Length).Where(i => i % c == ch).ToArray(); // all (n, h, w) of this channel
            Assert.Equal(n * h * w, idx.Length);
            double mean = idx.Average(i => (double)xs[i]);
            double var = idx.Average(i => Math.Pow(xs[i] - mean, 2));
            foreach (int i in idx)
            {
                expected[i] = (2.0 * (xs[i] - mean) / Math.Sqrt(var + 1e-3)) + 0.5;
            }
        }

        TestData.Close(expected, ys, 2e-5, "bn 4-D"); // gamma 2 doubles the float32 budget of the 2-D test
    }

    [Fact]
    public void ExplicitChannelsFirstAxisOnFourDimensionalInput()
    {
        const int n = 2, c = 3, h = 2, w = 5;
        var bn = new BatchNormalization(axis: 1);
        bn.Build([c, h, w]);
        Assert.Equal(new long[] { c }, bn.Weights[0].Value.shape);

        double[] z = new RandomNormal(0, 1, 47).Generate(n, c, h, w);
        float[] xs = z.Select((v, i) => (float)(Offsets[i / (h * w) % c] + Scales[i / (h * w) % c] * v)).ToArray();
        using var x = tensor(xs, [n, c, h, w]);
        using var y = bn.Call(x, training: true);

        var expected = new double[xs.Length];
        for (int ch = 0; ch < c; ch++)
        {
            var idx = Enumerable.Range(0, xs.Length).Where(i => i / (h * w) % c == ch).ToArray();
            double mean = idx.Average(i => (double)xs[i]);
            double var = idx.Average(i => Math.Pow(xs[i] - mean, 2));
            foreach (int i in idx)
            {
                expected[i] = (xs[i] - mean) / Math.Sqrt(var + 1e-3);
            }
        }

        TestData.Close(expected, TestData.Values(y), 1e-5, "bn axis=1");
    }

    [Fact]
    public void BadAxisMomentumOrEpsilonThrow()
    {
        Assert.ThrowsAny<ArgumentException>(() => new BatchNormalization(axis: 0).Build([3])); // the batch axis
        Assert.ThrowsAny<ArgumentException>(() => new BatchNormalization(axis: 2).Build([3]));
        Assert.ThrowsAny<ArgumentException>(() => new BatchNormalization(axis: -3).Build([3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(momentum: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(epsilon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormalization(epsilon: double.NaN));
    }

    [Fact]
    public void GradientsDoNotFlowIntoMovingStatistics()
    {
        var bn = new BatchNormalization();
        bn.Build([Features]);
        float[] xs = Input(48);
        using var x = tensor(xs, [Batch, Features]);
        using var y = bn.Call(x, training: true);
        using var loss = y.pow(3).sum();
        loss.backward();
        Assert.NotNull(bn.Weights[0].Value.grad);
        Assert.Null(bn.Weights[2].Value.grad);
        Assert.Null(bn.Weights[3].Value.grad);
    }
}
