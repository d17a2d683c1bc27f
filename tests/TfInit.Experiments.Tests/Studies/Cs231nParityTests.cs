using TfInit.Experiments.Studies;
using TfInit.Initializers;
using TfInit.Keras.Studies;

namespace TfInit.Experiments.Tests.Studies;

/// <summary>
/// The CS231n script (notebooks/python/cs231n_activations.py) run by real numpy with np.random.seed(s), and the
/// same network run by Study on TfInit's NumPy stream in float64, print the same per-layer statistics.
/// </summary>
public sealed class Cs231nParityTests
{
    /// <summary>
    /// 1e-9 relative, as the issue asks. The draws are bit-identical; what differs is only the order of the
    /// floating-point sums inside the matrix products (libtorch versus numpy's BLAS) and numpy's pairwise mean,
    /// about 1e-15 relative per value, far below 1e-9 even after ten layers. A mean is compared relative to the
    /// layer's std because the mean of a symmetric activation is itself nearly zero.
    /// </summary>
    private const double Tolerance = 1e-9;

    public static TheoryData<string, string, long> Cases => new()
    {
        { "tanh", "small", 0 },
        { "tanh", "large", 0 },
        { "tanh", "xavier", 0 },
        { "relu", "xavier", 0 },
        { "relu", "he", 0 },
        { "relu", "he", 4294967295 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StudyOnTheNumPyStreamPrintsWhatNumpyPrints(string activation, string init, long seed)
    {
        var expected = Python.RunScript("cs231n_activations.py", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--activation", activation, "--init", init);

        var spec = new StudySpec(activation, Initializer(init), 1000, 500, Enumerable.Repeat(500, 10).ToArray(),
            Float64: true, Seed: seed, NumPyStream: true);
        var actual = Study.Run(spec);

        var input = expected.GetProperty("input");
        AssertClose(input.GetProperty("mean").GetDouble(), actual.Input.Mean, actual.Input.Std, "input mean");
        AssertClose(input.GetProperty("std").GetDouble(), actual.Input.Std, actual.Input.Std, "input std");
        var layers = expected.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(layers.Count, actual.Layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            double std = layers[i].GetProperty("std").GetDouble();
            AssertClose(layers[i].GetProperty("mean").GetDouble(), actual.Layers[i].Mean, std, $"layer {i + 1} mean");
            AssertClose(std, actual.Layers[i].Std, std, $"layer {i + 1} std");
        }
    }

    /// <summary>
    /// The backward pass the script writes out by hand (G drawn after the last kernel, Loss = sum(H_L * G) / N) and
    /// the study's autograd agree on every layer's grad_std, weight_grad_std and weight_grad_norm to 1e-9 relative.
    /// Not for tanh 1.0: there 1 - tanh^2 of values within 1e-10 of 1 turns the 1e-16 differences of the matrix
    /// products into 1e-6 relative ones, a property of the saturated network rather than of either implementation.
    /// </summary>
    [Theory]
    [InlineData("tanh", "small", 1)]
    [InlineData("tanh", "xavier", 2)]
    [InlineData("relu", "xavier", 3)]
    [InlineData("relu", "he", 1)]
    [InlineData("relu", "he", 4294967295)]
    public void BackwardPassMatchesTheScriptWrittenByHand(string activation, string init, long seed)
    {
        var expected = Python.RunScript("cs231n_activations.py", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--activation", activation, "--init", init);
        var spec = new StudySpec(activation, Initializer(init), 1000, 500, Enumerable.Repeat(500, 10).ToArray(),
            Float64: true, Seed: seed, NumPyStream: true);
        var actual = Study.Run(spec);

        double loss = expected.GetProperty("loss").GetDouble();
        AssertClose(loss, actual.Loss, loss, "loss");
        var layers = expected.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(layers.Count, actual.Gradients.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            foreach (var (key, value) in new[]
            {
                ("grad_std", actual.Gradients[i].GradStd), ("weight_grad_std", actual.Gradients[i].WeightGradStd),
                ("weight_grad_norm", actual.Gradients[i].WeightGradNorm),
            })
            {
                double numpy = layers[i].GetProperty(key).GetDouble();
                AssertClose(numpy, value, numpy, $"layer {i + 1} {key}");
            }
        }
    }

    private static Initializer Initializer(string name) => name switch
    {
        "small" => StudyPresets.Small(),
        "large" => StudyPresets.Large(),
        "xavier" => StudyPresets.Xavier(),
        _ => StudyPresets.He(),
    };

    private static void AssertClose(double expected, double actual, double scale, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Abs(scale),
            $"{what}: numpy {expected:R}, TfInit {actual:R}, allowed difference {Tolerance * Math.Abs(scale):R}");
}
