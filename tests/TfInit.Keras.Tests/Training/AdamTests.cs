using TfInit.Keras.Optimizers;
using Adam = TfInit.Keras.Optimizers.Adam;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Training;

public sealed class AdamTests
{
    private static readonly double[] s_w0 = [1.0, -0.5, 2.0, 0.0];
    private static readonly double[][] s_grads =
    [
        [0.5, -1.0, 2.0, 1e-3],
        [0.4, 0.3, -1.0, 1e-3],
        [-0.2, 0.8, 0.5, -2e-3],
        [1.5, -0.1, 0.0, 1e-3],
        [0.1, 0.1, 0.1, 0.1],
        [-3.0, 2.0, 0.7, 0.0],
    ];

    /// <summary>Keras's Adam in double: m += (g - m)(1 - b1); v += (g^2 - v)(1 - b2); w -= lr sqrt(1 - b2^t)/(1 - b1^t) m / (sqrt(v) + eps).</summary>
    private static double[] Keras(double[] w0, double[][] grads, int steps, double lr, double b1, double b2, double eps)
    {
        var w = (double[])w0.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= steps; t++)
        {
            double alpha = lr * Math.Sqrt(1 - Math.Pow(b2, t)) / (1 - Math.Pow(b1, t));
            for (int i = 0; i < w.Length; i++)
            {
                double g = grads[t - 1][i];
                m[i] += (g - m[i]) * (1 - b1);
                v[i] += ((g * g) - v[i]) * (1 - b2);
                w[i] -= alpha * m[i] / (Math.Sqrt(v[i]) + eps);
            }
        }

        return w;
    }

    /// <summary>PyTorch's Adam in double: eps is added to sqrt of the bias-corrected v.</summary>
    private static double[] PyTorch(double[] w0, double[][] grads, int steps, double lr, double b1, double b2, double eps)
    {
        var w = (double[])w0.Clone();
        var m = new double[w.Length];
        var v = new double[w.Length];
        for (int t = 1; t <= steps; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                double g = grads[t - 1][i];
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                v[i] = (b2 * v[i]) + ((1 - b2) * g * g);
                double mHat = m[i] / (1 - Math.Pow(b1, t));
                double vHat = v[i] / (1 - Math.Pow(b2, t));
                w[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        }

        return w;
    }

    private static double[] Run(Adam adam, double[] w0, double[][] grads, int steps)
    {
        var w = new Parameter(tensor(w0, ScalarType.Float64));
        for (int t = 0; t < steps; t++)
        {
            Synthetic.SetGradient(w, grads[t]);
            adam.Step([w]);
        }

        return TestData.Values(w);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void StepsFollowTheKerasFormula(int steps)
    {
        double[] actual = Run(new Adam(learningRate: 0.01), s_w0, s_grads, steps);
        // float64 tensors doing the same operations as the loop: differences are rounding only (a few ulp of values of
        // order 1); steps are ~0.01 each, so 1e-13 still detects any error in the formula by many orders of magnitude.
        TestData.Close(Keras(s_w0, s_grads, steps, 0.01, 0.9, 0.999, 1e-7), actual, 1e-13, "w");

        // Sanity of the reference: Adam's first step is lr * g / (|g| + eps / sqrt(1 - b2)) ~ lr * sign(g). For g = 1e-3,
        // Keras's eps placement shortens it by eps / (sqrt(0.001) |g|) = 0.3%, i.e. 3e-5; the others move by < 2e-7.
        if (steps == 1)
        {
            TestData.Close([1.0 - 0.01, -0.5 + 0.01, 2.0 - 0.01], actual[..3], 2e-7, "w1 ~ w0 - lr sign(g)");
            Assert.Equal(-0.01 * 1e-3 / (1e-3 + (1e-7 / Math.Sqrt(0.001))), actual[3], 1e-15);
        }
    }

    [Fact]
    public void NonDefaultBetasAndEpsilonAreUsed()
    {
        var adam = new Adam(learningRate: 0.05, beta1: 0.5, beta2: 0.9, epsilon: 0.1);
        double[] actual = Run(adam, s_w0, s_grads, 5);
        TestData.Close(Keras(s_w0, s_grads, 5, 0.05, 0.5, 0.9, 0.1), actual, 1e-13, "w");
        // ...and they matter: the default betas give a clearly different result.
        double[] defaults = Keras(s_w0, s_grads, 5, 0.05, 0.9, 0.999, 0.1);
        Assert.True(Math.Abs(defaults[0] - actual[0]) > 1e-3);
    }

    [Fact]
    public void EpsilonPlacementDiffersFromPyTorchOnTinyGradients()
    {
        // |g| = 1e-9 << eps = 1e-7. Keras adds eps to sqrt(v), not to sqrt(v / (1 - b2^t)): at t = 1 sqrt(v) = 0.03 |g|,
        // so the eps term dominates ~30x more than in PyTorch, whose step is lr * g / (|g| + eps) ~ lr / 101.
        double[] w0 = [1.0, -1.0];
        double[][] tiny = [[1e-9, -1e-9], [1e-9, -2e-9], [2e-9, -1e-9]];
        double[] actual = Run(new Adam(), w0, tiny, 3);
        double[] keras = Keras(w0, tiny, 3, 0.001, 0.9, 0.999, 1e-7);
        double[] pytorch = PyTorch(w0, tiny, 3, 0.001, 0.9, 0.999, 1e-7);

        for (int i = 0; i < w0.Length; i++)
        {
            double moved = actual[i] - w0[i], kerasMoved = keras[i] - w0[i], torchMoved = pytorch[i] - w0[i];
            // Displacements are ~1e-6 on top of values of 1: compare them relatively; float64 rounding of w (1e-16) is
            // ~1e-10 of the displacement, so 1e-8 relative is rounding only.
            Assert.True(Math.Abs(moved - kerasMoved) <= 1e-8 * Math.Abs(kerasMoved), $"[{i}] moved {moved:E6}, Keras {kerasMoved:E6}");
            Assert.True(Math.Abs(torchMoved) > 10 * Math.Abs(kerasMoved), $"[{i}] PyTorch {torchMoved:E6} vs Keras {kerasMoved:E6}");
        }

        // The PyTorch reference above really is PyTorch's Adam (libtorch through TorchSharp, same eps).
        var p = new Parameter(tensor(w0, ScalarType.Float64));
        using var torchAdam = torch.optim.Adam([p], lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-7);
        foreach (var g in tiny)
        {
            torchAdam.zero_grad();
            Synthetic.SetGradient(p, g);
            torchAdam.step();
        }

        double[] libtorch = TestData.Values(p);
        for (int i = 0; i < w0.Length; i++)
        {
            Assert.True(Math.Abs((libtorch[i] - w0[i]) - (pytorch[i] - w0[i])) <= 1e-8 * Math.Abs(pytorch[i] - w0[i]),
                $"[{i}] libtorch moved {libtorch[i] - w0[i]:E6}, PyTorch formula {pytorch[i] - w0[i]:E6}");
        }
    }

    [Fact]
    public void KerasDefaults()
    {
        var adam = new Adam();
        Assert.Equal(0.001, adam.LearningRate);
        Assert.Equal(0.9, adam.Beta1);
        Assert.Equal(0.999, adam.Beta2);
        Assert.Equal(1e-7, adam.Epsilon);
    }

    [Theory]
    [InlineData(0.0, 0.9, 0.999, 1e-7, "learningRate")]
    [InlineData(double.NaN, 0.9, 0.999, 1e-7, "learningRate")]
    [InlineData(0.001, 1.0, 0.999, 1e-7, "beta1")]
    [InlineData(0.001, -0.1, 0.999, 1e-7, "beta1")]
    [InlineData(0.001, 0.9, 1.0, 1e-7, "beta2")]
    [InlineData(0.001, 0.9, double.NaN, 1e-7, "beta2")]
    [InlineData(0.001, 0.9, 0.999, 0.0, "epsilon")]
    [InlineData(0.001, 0.9, 0.999, -1e-7, "epsilon")]
    [InlineData(0.001, 0.9, 0.999, double.PositiveInfinity, "epsilon")]
    public void ArgumentsOutOfRangeThrowNamingTheParameter(double lr, double b1, double b2, double eps, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(lr, b1, b2, eps));
        Assert.Equal(parameter, e.ParamName);
    }
}
