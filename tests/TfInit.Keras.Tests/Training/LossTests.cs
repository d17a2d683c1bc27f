using System.Text.RegularExpressions;
using TfInit.Keras.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Training;

public sealed class LossTests
{
    // float64 tensors and a double reference: the only differences are rounding in log/exp/sum (a few ulp of values
    // of order 1-20), so 1e-13 is rounding; any formula mistake (no renormalization, no clip, wrong sign) is >= 1e-7.
    private const double Tolerance = 1e-13;

    private static readonly double[,] s_logits =
    {
        { 2.0, 1.0, 0.1 },
        { 0.5, 2.5, -1.0 },
        { -3.0, 0.0, 3.0 },
        { 1000.0, 0.0, -1000.0 }, // log_softmax must not overflow
    };

    private static readonly long[] s_labels = [0, 2, 1, 1];

    private static Tensor T(double[,] values) => tensor(values.Cast<double>().ToArray(), [values.GetLength(0), values.GetLength(1)], ScalarType.Float64);

    private static double LogSumExp(double[,] z, int row)
    {
        double max = double.NegativeInfinity;
        for (int j = 0; j < z.GetLength(1); j++)
        {
            max = Math.Max(max, z[row, j]);
        }

        double sum = 0;
        for (int j = 0; j < z.GetLength(1); j++)
        {
            sum += Math.Exp(z[row, j] - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>Keras on probabilities: renormalize each row, clip to [1e-7, 1 - 1e-7], log.</summary>
    private static double ClippedLog(double[,] p, int row, int column)
    {
        double sum = 0;
        for (int j = 0; j < p.GetLength(1); j++)
        {
            sum += p[row, j];
        }

        return Math.Log(Math.Clamp(p[row, column] / sum, 1e-7, 1 - 1e-7));
    }

    private static double Compute(Loss loss, Tensor target, Tensor prediction)
    {
        using var value = loss.Compute(target, prediction);
        Assert.Equal(0, value.dim());
        return value.ToDouble();
    }

    [Fact]
    public void SparseFromLogitsIsMeanOfLogSumExpMinusTheLabelsLogit()
    {
        double expected = 0;
        for (int i = 0; i < s_labels.Length; i++)
        {
            expected += LogSumExp(s_logits, i) - s_logits[i, s_labels[i]];
        }

        expected /= s_labels.Length;
        Assert.True(expected > 250, "row 3 (label 1, logit 0 against 1000) contributes 1000 / 4");
        using var logits = T(s_logits);
        using var labels = tensor(s_labels);
        Assert.Equal(expected, Compute(new SparseCategoricalCrossentropy(fromLogits: true), labels, logits), Tolerance * expected);
    }

    [Fact]
    public void CategoricalFromLogitsWithSoftTargets()
    {
        double[,] targets = { { 0.2, 0.8, 0.0 }, { 0.0, 0.0, 1.0 }, { 1.0 / 3, 1.0 / 3, 1.0 / 3 }, { 0.5, 0.5, 0.0 } };
        double expected = 0;
        for (int i = 0; i < targets.GetLength(0); i++)
        {
            for (int j = 0; j < 3; j++)
            {
                expected -= targets[i, j] * (s_logits[i, j] - LogSumExp(s_logits, i));
            }
        }

        expected /= targets.GetLength(0);
        using var logits = T(s_logits);
        using var target = T(targets);
        Assert.Equal(expected, Compute(new CategoricalCrossentropy(fromLogits: true), target, logits), Tolerance * expected);
    }

    [Fact]
    public void FromProbabilitiesRenormalizesThenClips()
    {
        // Row 0 sums to 1; row 1 sums to 4 (renormalized: 0.5, 0.25, 0.25); row 2 sums to 0.5; row 3 has exact 0 and 1
        // (label 1 sits on the 0, clipped to 1e-7: -log(1e-7) = 16.118); row 4 puts its label on the 1 (clipped to 1 - 1e-7).
        double[,] p = { { 0.7, 0.2, 0.1 }, { 2.0, 1.0, 1.0 }, { 0.1, 0.1, 0.3 }, { 1.0, 0.0, 0.0 }, { 0.0, 1.0, 0.0 } };
        long[] labels = [0, 1, 2, 1, 1];
        double expected = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            expected -= ClippedLog(p, i, (int)labels[i]);
        }

        expected /= labels.Length;
        // Independent spot values: -log 0.7, -log 0.25, -log 0.6, -log 1e-7, -log(1 - 1e-7).
        double spelled = (-Math.Log(0.7) - Math.Log(0.25) - Math.Log(0.6) - Math.Log(1e-7) - Math.Log(1 - 1e-7)) / 5;
        Assert.Equal(spelled, expected, 1e-14);

        using var prediction = T(p);
        using var target = tensor(labels);
        Assert.Equal(expected, Compute(new SparseCategoricalCrossentropy(), target, prediction), Tolerance * expected);

        // The same through categorical_crossentropy with one-hot targets.
        using var oneHot = Synthetic.OneHot(target).to_type(ScalarType.Float64);
        Assert.Equal(expected, Compute(new CategoricalCrossentropy(), oneHot, prediction), Tolerance * expected);
    }

    [Fact]
    public void ExactZeroAndOneAreClippedNotInfinite()
    {
        using var p = tensor(new double[] { 1.0, 0.0, 0.0 }, [1, 3], ScalarType.Float64);
        using var wrong = tensor(new long[] { 2 });
        using var right = tensor(new long[] { 0 });
        var loss = new SparseCategoricalCrossentropy();
        Assert.Equal(-Math.Log(1e-7), Compute(loss, wrong, p), 1e-13); // 16.11809565095832, not +inf
        Assert.Equal(-Math.Log(1 - 1e-7), Compute(loss, right, p), 1e-20); // 1.00000005e-7, not 0
        Assert.True(Compute(loss, right, p) > 0);
    }

    [Fact]
    public void Float32ClipBoundsAreTheFloat32Roundings()
    {
        // In float32 the clip bounds become (float)1e-7 and (float)(1 - 1e-7) = 1 - 2^-23 (the clamp scalar takes the
        // tensor's dtype), so -log of the upper bound is 1.19e-7 rather than 1.0e-7. Tolerance: float32 log is within
        // 1 ulp, relative 1.2e-7, so 2e-7 relative.
        using var p = tensor(new float[] { 1f, 0f, 0f }, [1, 3]);
        using var wrong = tensor(new long[] { 1 });
        using var right = tensor(new long[] { 0 });
        var loss = new SparseCategoricalCrossentropy();
        double lower = -Math.Log((float)1e-7), upper = -Math.Log((float)(1 - 1e-7));
        Assert.Equal(lower, Compute(loss, wrong, p), 2e-7 * lower);
        Assert.Equal(upper, Compute(loss, right, p), 2e-7 * upper);
    }

    [Fact]
    public void SparseLabelsMayBeFloatOrColumn()
    {
        using var logits = T(s_logits);
        using var labels = tensor(s_labels);
        double reference = Compute(new SparseCategoricalCrossentropy(true), labels, logits);
        using var floats = tensor(s_labels.Select(l => (float)l).ToArray());
        using var column = tensor(s_labels, [s_labels.Length, 1]);
        Assert.Equal(reference, Compute(new SparseCategoricalCrossentropy(true), floats, logits));
        Assert.Equal(reference, Compute(new SparseCategoricalCrossentropy(true), column, logits));
    }

    [Theory]
    [InlineData("sparse_categorical_crossentropy", false, typeof(SparseCategoricalCrossentropy))]
    [InlineData("sparse_categorical_crossentropy", true, typeof(SparseCategoricalCrossentropy))]
    [InlineData("categorical_crossentropy", false, typeof(CategoricalCrossentropy))]
    [InlineData("categorical_crossentropy", true, typeof(CategoricalCrossentropy))]
    public void GetResolvesKerasNames(string name, bool fromLogits, Type type)
    {
        var loss = Loss.Get(name, fromLogits);
        Assert.IsType(type, loss);
        Assert.Equal(name, loss.Name);
        Assert.Equal(fromLogits, loss.FromLogits);
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("SparseCategoricalCrossentropy")]
    [InlineData("")]
    public void UnknownNameListsTheValidOnes(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => Loss.Get(name));
        Assert.Equal("name", e.ParamName);
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("sparse_categorical_crossentropy", e.Message);
        Assert.Matches(new Regex("(?<!sparse_)categorical_crossentropy"), e.Message);
    }

    [Fact]
    public void DefaultIsFromProbabilitiesAndEpsilonIsKeras()
    {
        Assert.False(new SparseCategoricalCrossentropy().FromLogits);
        Assert.False(new CategoricalCrossentropy().FromLogits);
        Assert.Equal(1e-7, Loss.Epsilon);
    }
}
