using TfInit.Keras.Optimizers;
using SGD = TfInit.Keras.Optimizers.SGD;
using Parameter = TorchSharp.Modules.Parameter;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Training;

public sealed class SgdTests
{
    // Two parameters with their own gradient sequences, so per-parameter state (velocity) must not be shared.
    private static readonly double[] s_w0 = [1.0, -2.0, 0.5];
    private static readonly double[] s_u0 = [0.25, 3.0];
    private static readonly double[][] s_gw = [[0.5, -1.0, 2.0], [0.1, 0.3, -0.7], [-1.5, 0.2, 0.0], [0.9, -0.4, 1.1]];
    private static readonly double[][] s_gu = [[-2.0, 0.05], [1.0, -1.0], [0.0, 4.0], [0.3, 0.3]];

    // The tensors are float64 and the update is two or three IEEE operations per element, the same ones the
    // hand loop does (only a fused multiply-add could round differently, by 1 ulp of values of order 1), so 1e-14
    // is a pure rounding tolerance; any formula mistake moves values by at least lr * |g| * ... >> 1e-6.
    private const double Tolerance = 1e-14;

    private static (double[] W, double[] U) Run(SGD sgd, int steps)
    {
        var w = new Parameter(tensor(s_w0, ScalarType.Float64));
        var u = new Parameter(tensor(s_u0, ScalarType.Float64));
        for (int t = 0; t < steps; t++)
        {
            Synthetic.SetGradient(w, s_gw[t]);
            Synthetic.SetGradient(u, s_gu[t]);
            sgd.Step([w, u]);
        }

        Assert.Equal(steps, sgd.Iterations);
        return (TestData.Values(w), TestData.Values(u));
    }

    /// <summary>Keras's SGD written out: plain, momentum (v = m v - lr g; w += v) or Nesterov (w += m v - lr g).</summary>
    private static double[] Expected(double[] w0, double[][] grads, int steps, double lr, double momentum, bool nesterov)
    {
        var w = (double[])w0.Clone();
        var v = new double[w.Length];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < w.Length; i++)
            {
                double g = grads[t][i];
                if (momentum == 0)
                {
                    w[i] -= lr * g;
                    continue;
                }

                v[i] = (momentum * v[i]) - (lr * g);
                w[i] += nesterov ? (momentum * v[i]) - (lr * g) : v[i];
            }
        }

        return w;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void PlainStepIsWMinusLrG(int steps)
    {
        var (w, u) = Run(new SGD(learningRate: 0.1), steps);
        TestData.Close(Expected(s_w0, s_gw, steps, 0.1, 0, false), w, Tolerance, "w");
        TestData.Close(Expected(s_u0, s_gu, steps, 0.1, 0, false), u, Tolerance, "u");
        if (steps == 1)
        {
            // Spelled out once: 1 - 0.1 * 0.5 etc.
            TestData.Close([0.95, -1.9, 0.3], w, Tolerance, "w");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void MomentumIsKerasVelocityForm(int steps)
    {
        var (w, u) = Run(new SGD(learningRate: 0.1, momentum: 0.9), steps);
        TestData.Close(Expected(s_w0, s_gw, steps, 0.1, 0.9, false), w, Tolerance, "w");
        TestData.Close(Expected(s_u0, s_gu, steps, 0.1, 0.9, false), u, Tolerance, "u");
        if (steps == 4)
        {
            // Momentum must matter: after 4 steps the result is far from plain SGD's ([1, -1.91, 0.26] against
            // [0.99595, -1.7354, -0.1081]).
            double[] plain = Expected(s_w0, s_gw, steps, 0.1, 0, false);
            Assert.True(Math.Abs(plain[2] - w[2]) > 0.1, $"momentum had no effect: {w[2]} vs {plain[2]}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void NesterovAddsMomentumTimesNewVelocityMinusLrG(int steps)
    {
        var (w, u) = Run(new SGD(learningRate: 0.05, momentum: 0.8, nesterov: true), steps);
        TestData.Close(Expected(s_w0, s_gw, steps, 0.05, 0.8, true), w, Tolerance, "w");
        TestData.Close(Expected(s_u0, s_gu, steps, 0.05, 0.8, true), u, Tolerance, "u");

        // Nesterov differs from classical momentum already at step 1: w1 = w0 - lr g (1 + m) instead of w0 - lr g
        // (w1[2] = 0.32 against 0.4; after 4 steps 0.16816 against 0.2352).
        double[] classical = Expected(s_w0, s_gw, steps, 0.05, 0.8, false);
        Assert.True(Math.Abs(classical[2] - w[2]) > 0.05, $"Nesterov equals classical momentum: {w[2]}");
    }

    [Fact]
    public void ParameterWithoutGradientIsLeftAloneAndFloat32Works()
    {
        var sgd = new SGD(learningRate: 0.5, momentum: 0.5);
        var w = new Parameter(tensor(new float[] { 1f, 2f }));
        var untouched = new Parameter(tensor(new float[] { 7f }));
        Synthetic.SetGradient(w, [1.0, -1.0]);
        sgd.Step([untouched, w]);
        Synthetic.SetGradient(w, [1.0, -1.0]);
        sgd.Step([untouched, w]);

        Assert.Null(untouched.grad);
        Assert.Equal([7f], TestData.Floats(untouched));

        // v1 = -0.5 g, w1 = w0 - 0.5 g; v2 = 0.5 v1 - 0.5 g = -0.75 g, w2 = w1 - 0.75 g = w0 - 1.25 g: [-0.25, 3.25],
        // exact in float32 (all values are multiples of 1/4).
        Assert.Equal([-0.25f, 3.25f], TestData.Floats(w));
    }

    [Fact]
    public void KerasDefaults()
    {
        var sgd = new SGD();
        Assert.Equal(0.01, sgd.LearningRate);
        Assert.Equal(0.0, sgd.Momentum);
        Assert.False(sgd.Nesterov);
        Assert.Equal(0, sgd.Iterations);
    }

    [Theory]
    [InlineData(0.0, 0.0, "learningRate")]
    [InlineData(-0.1, 0.0, "learningRate")]
    [InlineData(double.NaN, 0.0, "learningRate")]
    [InlineData(double.PositiveInfinity, 0.0, "learningRate")]
    [InlineData(0.01, -0.1, "momentum")]
    [InlineData(0.01, 1.0, "momentum")]
    [InlineData(0.01, double.NaN, "momentum")]
    public void ArgumentsOutOfRangeThrowNamingTheParameter(double learningRate, double momentum, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(learningRate, momentum));
        Assert.Equal(parameter, e.ParamName);
    }
}
