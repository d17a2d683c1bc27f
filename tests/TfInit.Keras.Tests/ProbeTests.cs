using TfInit.Initializers;
using TfInit.Keras.Layers;
using TfInit.Keras.Models;
using TfInit.Keras.Probes;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class ProbeTests
{
    [Fact]
    public void TanhWithHugeWeightsSaturates()
    {
        // Pre-activations have std ~ 10 * sqrt(50) ~ 70: nearly every tanh output is within 1% of +-1.
        var model = new Sequential(
        [
            new Dense(50, activation: "tanh", useBias: false, kernelInitializer: new RandomNormal(0, 10, seed: 71)),
            new Dense(50, activation: "tanh", useBias: false, kernelInitializer: new RandomNormal(0, 10, seed: 72)),
        ]);
        model.Build([50]);
        using var x = TestData.Normal32(73, 1.0, 200, 50);
        var stats = Probe.Activations(model, x);
        Assert.Equal(2, stats.Count);
        Assert.All(stats, s => Assert.True(s.SaturatedFraction > 0.9, $"{s.Name}: saturated {s.SaturatedFraction}"));

        // Control: small weights (std 0.01 * sqrt(50) ~ 0.07 pre-activations) do not saturate.
        var small = new Sequential([new Dense(50, activation: "tanh", useBias: false, kernelInitializer: new RandomNormal(0, 0.01, seed: 74))]);
        small.Build([50]);
        Assert.Equal(0.0, Probe.Activations(small, x)[0].SaturatedFraction);
    }

    [Fact]
    public void ConvolutionWithTanhAlsoReportsSaturation()
    {
        // The saturation measure belongs to the activation, whichever layer applies it: a Conv2D with tanh and
        // weights of std 10 (pre-activations std ~ 10 * sqrt(3 * 3 * 4) = 60) saturates like the Dense case.
        var model = new Sequential([new Conv2D(8, (3, 3), activation: "tanh", useBias: false, kernelInitializer: new RandomNormal(0, 10, seed: 95))]);
        model.Build([10, 10, 4]);
        using var x = TestData.Normal32(96, 1.0, 4, 10, 10, 4);
        var s = Probe.Activations(model, x)[0];
        Assert.True(s.SaturatedFraction > 0.9, $"saturated {s.SaturatedFraction}");
        Assert.Equal((-1.0, 1.0), s.HistogramRange);
    }

    [Fact]
    public void ReluKillsAboutHalf()
    {
        // Given the weights, each pre-activation w.x with x ~ N(0, I) is symmetric about 0, so each output is 0 with
        // probability 1/2. 200 x 100 = 20,000 values; treating them as independent Bernoulli(1/2) the fraction's sd is
        // sqrt(0.25 / 20000) = 0.0035 (units share inputs, but their correlation ~ 1/sqrt(100) barely widens it);
        // 0.03 is more than 8 sd.
        var model = new Sequential([new Dense(100, activation: "relu", kernelInitializer: new HeNormal(seed: 75))]);
        model.Build([100]);
        using var x = TestData.Normal32(76, 1.0, 200, 100);
        var s = Probe.Activations(model, x)[0];
        Assert.InRange(s.ZeroFraction, 0.47, 0.53);
        Assert.Equal(0.0, s.SaturatedFraction); // relu is unbounded: no saturation measure
        Assert.Equal(100, s.Units);
    }

    [Fact]
    public void StatisticsMatchADirectComputation()
    {
        const int bins = 20;
        var model = new Sequential(
        [
            new Dense(30, kernelInitializer: new RandomNormal(0, 0.5, seed: 77), biasInitializer: new Constant(0.1)),
            new BatchNormalization(),
            new Activation("tanh"),
            new Dense(20, activation: "relu", kernelInitializer: new HeNormal(seed: 78)),
            new Dense(10, activation: "sigmoid", kernelInitializer: new RandomNormal(0, 3, seed: 79)),
        ]);
        model.Build([16]);
        using var x = TestData.Normal32(80, 1.0, 64, 16);
        var stats = Probe.Activations(model, x, training: true, bins: bins);
        Assert.Equal(model.Layers.Count, stats.Count);

        // Re-run the layers one by one (training mode; BN's moving statistics do not affect training outputs).
        var outputs = new List<float[]>();
        var h = x.alias();
        foreach (var layer in model.Layers)
        {
            var next = layer.Call(h, training: true);
            h.Dispose();
            h = next;
            outputs.Add(TestData.Floats(h));
        }

        h.Dispose();
        for (int i = 0; i < stats.Count; i++)
        {
            var s = stats[i];
            float[] v = outputs[i];
            Assert.Equal(i, s.Index);
            Assert.Equal(model.Layers[i].Name, s.Name);
            Assert.Equal(v.Length, s.Histogram.Sum()); // every value is counted once
            Assert.Equal(bins, s.Histogram.Length);

            double mean = v.Average(a => (double)a);
            double std = Math.Sqrt(v.Average(a => ((double)a - mean) * ((double)a - mean))); // population std
            // Same float32 values summed in double both ways: agreement to ~1e-12; 1e-9 leaves room for summation order.
            Assert.Equal(mean, s.Mean, 1e-9);
            Assert.Equal(std, s.Std, 1e-9);
            Assert.Equal(v.Count(a => a == 0) / (double)v.Length, s.ZeroFraction);

            var bounds = i switch { 2 => (-1.0, 1.0), 4 => (0.0, 1.0), _ => ((double, double)?)null };
            if (bounds is { } b)
            {
                double centre = (b.Item1 + b.Item2) / 2, half = (b.Item2 - b.Item1) / 2;
                Assert.Equal(v.Count(a => Math.Abs(a - centre) > 0.99 * half) / (double)v.Length, s.SaturatedFraction);
                Assert.Equal(b, s.HistogramRange);
            }
            else
            {
                Assert.Equal(0.0, s.SaturatedFraction);
                Assert.Equal((v.Min(), v.Max()), ((float)s.HistogramRange.Low, (float)s.HistogramRange.High));
            }

            Assert.Equal(NumPyHistogram(v, bins, s.HistogramRange), s.Histogram);
        }

        Assert.True(stats[3].ZeroFraction > 0.2);   // the relu layer really has zeros
        Assert.True(stats[4].SaturatedFraction > 0); // the sigmoid layer really saturates somewhat
    }

    /// <summary>numpy.histogram(v, bins, range): equal bins over [low, high], the last bin closed.</summary>
    private static long[] NumPyHistogram(float[] v, int bins, (double Low, double High) range)
    {
        var counts = new long[bins];
        double width = (range.High - range.Low) / bins;
        foreach (float a in v)
        {
            if (a < range.Low || a > range.High)
            {
                continue;
            }

            int k = Math.Min((int)Math.Floor((a - range.Low) / width), bins - 1);
            // numpy corrects the computed index against the exact edges low + k * width.
            if (k > 0 && a < range.Low + (k * width))
            {
                k--;
            }
            else if (k < bins - 1 && a >= range.Low + ((k + 1) * width))
            {
                k++;
            }

            counts[k]++;
        }

        return counts;
    }

    /// <summary>
    /// A tiny float64 net x[N,4] -> Dense(3, tanh) -> Dense(2) with loss mean over rows of sum(y^2), i.e. sum(y^2) / N.
    /// The gradients are written out by hand (backpropagation in loops) and compared with the probe.
    /// </summary>
    [Fact]
    public void GradientsMatchHandWrittenBackpropagationAndAreLeftZeroed()
    {
        const int n = 6, din = 4, dh = 3, dout = 2;
        var model = new Sequential(
        [
            new Dense(dh, activation: "tanh", kernelInitializer: new RandomNormal(0, 0.8, seed: 81), biasInitializer: new RandomUniform(-0.5, 0.5, seed: 82)),
            new Dense(dout, kernelInitializer: new RandomNormal(0, 0.8, seed: 83), biasInitializer: new RandomUniform(-0.5, 0.5, seed: 84)),
        ]);
        model.Build([din], ScalarType.Float64);
        using var x = TestData.Normal64(85, 1.0, n, din);

        var stats = Probe.Gradients(model, x, y => y.pow(2).sum().div(n));

        // One entry per trainable weight, in layer order.
        Assert.Equal(new[] { (0, "dense", "kernel"), (0, "dense", "bias"), (1, "dense_1", "kernel"), (1, "dense_1", "bias") },
            stats.Select(s => (s.Index, s.Layer, s.Weight)));

        double[] xs = TestData.Values(x);
        double[] w1 = TestData.Values(model.Layers[0].Weights[0].Value), b1 = TestData.Values(model.Layers[0].Weights[1].Value);
        double[] w2 = TestData.Values(model.Layers[1].Weights[0].Value), b2 = TestData.Values(model.Layers[1].Weights[1].Value);
        double[] gw1 = new double[din * dh], gb1 = new double[dh], gw2 = new double[dh * dout], gb2 = new double[dout];
        for (int r = 0; r < n; r++)
        {
            var hid = new double[dh];
            for (int j = 0; j < dh; j++)
            {
                double z = b1[j];
                for (int i = 0; i < din; i++)
                {
                    z += xs[r * din + i] * w1[i * dh + j];
                }

                hid[j] = Math.Tanh(z);
            }

            var dy = new double[dout];
            for (int k = 0; k < dout; k++)
            {
                double y = b2[k];
                for (int j = 0; j < dh; j++)
                {
                    y += hid[j] * w2[j * dout + k];
                }

                dy[k] = 2 * y / n; // d(sum y^2 / N)/dy
                gb2[k] += dy[k];
                for (int j = 0; j < dh; j++)
                {
                    gw2[j * dout + k] += hid[j] * dy[k];
                }
            }

            for (int j = 0; j < dh; j++)
            {
                double dhj = 0;
                for (int k = 0; k < dout; k++)
                {
                    dhj += dy[k] * w2[j * dout + k];
                }

                double dz = dhj * (1 - (hid[j] * hid[j])); // tanh' = 1 - tanh^2
                gb1[j] += dz;
                for (int i = 0; i < din; i++)
                {
                    gw1[i * dh + j] += xs[r * din + i] * dz;
                }
            }
        }

        double[][] grads = [gw1, gb1, gw2, gb2];
        for (int g = 0; g < 4; g++)
        {
            double norm = Math.Sqrt(grads[g].Sum(v => v * v));
            double mean = grads[g].Average();
            double std = Math.Sqrt(grads[g].Average(v => (v - mean) * (v - mean)));
            Assert.True(norm > 1e-3, $"gradient {g} is degenerate"); // a meaningful comparison
            // float64 end to end: agreement to ~1e-15 relative; 1e-10 absolute on values of order 0.1 to 10.
            Assert.Equal(norm, stats[g].Norm, 1e-10);
            Assert.Equal(std, stats[g].Std, 1e-10);
        }

        // Gradients are left zeroed (or absent), so a second probe gives the same numbers (no accumulation).
        foreach (var p in model.TrainableParameters())
        {
            using var grad = p.grad;
            Assert.True(grad is null || TestData.Values(grad).All(v => v == 0), "a gradient was left non-zero");
        }

        var again = Probe.Gradients(model, x, y => y.pow(2).sum().div(n));
        for (int g = 0; g < 4; g++)
        {
            Assert.Equal(stats[g].Norm, again[g].Norm, 1e-12);
        }
    }

    [Fact]
    public void GradientsSkipNonTrainableWeights()
    {
        var model = new Sequential([new Dense(4, kernelInitializer: new RandomNormal(0, 1, seed: 86)), new BatchNormalization(), new Dense(1)]);
        model.Build([3]);
        using var x = TestData.Normal32(87, 1.0, 10, 3);
        var stats = Probe.Gradients(model, x, y => y.pow(2).mean());
        Assert.Equal(
            new[] { "dense/kernel", "dense/bias", "batch_normalization/gamma", "batch_normalization/beta", "dense_1/kernel", "dense_1/bias" },
            stats.Select(s => $"{s.Layer}/{s.Weight}"));
        Assert.Equal(model.TrainableParameters().Count(), stats.Count);
    }

    [Fact]
    public void GradientsAgreeWithFiniteDifferences()
    {
        // Independent of autograd: central differences of the loss with respect to every kernel entry of a tiny net.
        var model = new Sequential([new Dense(2, activation: "sigmoid", kernelInitializer: new RandomNormal(0, 1, seed: 88), useBias: false), new Dense(1, useBias: false, kernelInitializer: new RandomNormal(0, 1, seed: 89))]);
        model.Build([3], ScalarType.Float64);
        using var x = TestData.Normal64(90, 1.0, 5, 3);
        Func<Tensor, Tensor> loss = y => y.pow(2).mean();
        var stats = Probe.Gradients(model, x, loss);

        for (int layer = 0; layer < 2; layer++)
        {
            var kernel = model.Layers[layer].Weights[0].Value;
            long count = kernel.numel();
            var fd = new double[count];
            const double step = 1e-6;
            for (long i = 0; i < count; i++)
            {
                using var noGrad = torch.no_grad();
                using var flat = kernel.view(-1);
                double original = flat[i].ToDouble();
                flat[i] = original + step;
                double plus;
                using (var y = model.Call(x))
                using (var l = loss(y))
                {
                    plus = l.ToDouble();
                }

                flat[i] = original - step;
                double minus;
                using (var y = model.Call(x))
                using (var l = loss(y))
                {
                    minus = l.ToDouble();
                }

                flat[i] = original;
                fd[i] = (plus - minus) / (2 * step);
            }

            // Central differences with h = 1e-6 in float64: truncation error ~h^2 and rounding ~1e-16 / 1e-6 = 1e-10; 1e-7 is safe.
            Assert.Equal(Math.Sqrt(fd.Sum(v => v * v)), stats[layer].Norm, 1e-7);
        }
    }
}
