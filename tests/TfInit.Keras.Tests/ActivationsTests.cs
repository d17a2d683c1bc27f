using TfInit.Keras.Layers;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class ActivationsTests
{
    private static readonly double[] Xs = [-5, -2, -1, -0.5, -1e-3, 0, 1e-3, 0.5, 1, 2, 5];

    // erf(x / sqrt(2)) for Xs, from Python's math.erf (independent of torch and of this library):
    //   /usr/bin/python3 -c "import math; print([repr(math.erf(x/math.sqrt(2))) for x in [-5,-2,-1,-0.5,-1e-3,0,1e-3,0.5,1,2,5]])"
    private static readonly double[] ErfXOverSqrt2 =
    [
        -0.9999994266968563, -0.9544997361036416, -0.6826894921370859, -0.3829249225480262, -0.0007978844278221252, 0.0,
        0.0007978844278221252, 0.3829249225480262, 0.6826894921370859, 0.9544997361036416, 0.9999994266968563,
    ];

    // SELU constants (Klambauer et al. 2017, as in Keras): alpha and scale.
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>The element-wise formulas; softmax is tested separately (it is not element-wise).</summary>
    private static readonly Dictionary<string, Func<double, int, double>> Formulas = new()
    {
        ["linear"] = (x, _) => x,
        ["relu"] = (x, _) => Math.Max(x, 0),
        ["tanh"] = (x, _) => Math.Tanh(x),
        ["sigmoid"] = (x, _) => Sigmoid(x),
        ["leaky_relu"] = (x, _) => x >= 0 ? x : 0.2 * x, // Keras 3: negative_slope = 0.2
        ["elu"] = (x, _) => x > 0 ? x : Math.Exp(x) - 1, // alpha = 1
        ["selu"] = (x, _) => SeluScale * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1)),
        ["gelu"] = (x, i) => 0.5 * x * (1 + ErfXOverSqrt2[i]), // exact (erf) form, not the tanh approximation
        ["swish"] = (x, _) => x * Sigmoid(x),
        ["silu"] = (x, _) => x * Sigmoid(x),
    };

    public static TheoryData<string> ElementwiseNames() => new(Activations.Names.Where(n => n != "softmax"));

    [Fact]
    public void EveryNameHasAFormulaHere()
    {
        // A name added to Activations.Names without a test formula fails here.
        Assert.Equal(Activations.Names.Where(n => n != "softmax").Order(), Formulas.Keys.Order());
        Assert.Contains("softmax", Activations.Names);
    }

    [Theory]
    [MemberData(nameof(ElementwiseNames))]
    public void MatchesItsFormula(string name)
    {
        using var x = tensor(Xs, [Xs.Length], ScalarType.Float64);
        using var y = Activations.Get(name)(x);
        var expected = Xs.Select((v, i) => Formulas[name](v, i)).ToArray();
        // float64 throughout: libm vs .NET exp/tanh differ by a few ulps (~1e-16 relative); 1e-12 absolute is far below
        // the smallest modelling difference tested here (e.g. gelu's tanh approximation differs by 1.5e-4 at |x| = 1 and 4e-4 at |x| = 3).
        TestData.Close(expected, TestData.Values(y), 1e-12, name);

        // Also in float32, as layers use it: rounding to float costs ~6e-8 relative, values are <= 5.
        using var x32 = tensor(Xs.Select(v => (float)v).ToArray(), [Xs.Length]);
        using var y32 = Activations.Get(name)(x32);
        var expected32 = Xs.Select((v, i) => Formulas[name]((float)v, i)).ToArray();
        TestData.Close(expected32, TestData.Values(y32), 1e-6, name + " (float32)");
    }

    [Fact]
    public void GeluIsTheExactErfFormNotTheTanhApproximation()
    {
        // At x = -1 the erf form gives -0.158655..., the tanh approximation -0.158808... (1.5e-4 apart).
        using var x = tensor(new[] { -1.0 }, [1], ScalarType.Float64);
        using var y = Activations.Get("gelu")(x);
        double tanhApprox = 0.5 * -1.0 * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (-1.0 + (0.044715 * -1.0))));
        double exact = 0.5 * -1.0 * (1 + ErfXOverSqrt2[2]);
        Assert.True(Math.Abs(exact - tanhApprox) > 1e-4); // the two forms are distinguishable here
        Assert.Equal(exact, TestData.Values(y)[0], 1e-12);
    }

    [Fact]
    public void SoftmaxIsOverTheLastAxis()
    {
        double[] xs = [1, 2, 3, 4, -1, 0, 1, 10];
        using var x = tensor(xs, [2, 4], ScalarType.Float64);
        using var y = Activations.Get("softmax")(x);
        var expected = new double[8];
        for (int r = 0; r < 2; r++)
        {
            double max = xs.Skip(r * 4).Take(4).Max();
            double sum = xs.Skip(r * 4).Take(4).Sum(v => Math.Exp(v - max));
            for (int j = 0; j < 4; j++)
            {
                expected[r * 4 + j] = Math.Exp(xs[r * 4 + j] - max) / sum;
            }
        }

        double[] ys = TestData.Values(y);
        TestData.Close(expected, ys, 1e-12, "softmax"); // float64; a softmax over axis 0 would give 0.5-ish values
        Assert.Equal(1.0, ys.Take(4).Sum(), 1e-12);
        Assert.Equal(1.0, ys.Skip(4).Sum(), 1e-12);
    }

    [Fact]
    public void BoundsOfSaturatingActivations()
    {
        Assert.Equal((-1.0, 1.0), Activations.Bounds("tanh"));
        Assert.Equal((0.0, 1.0), Activations.Bounds("sigmoid"));
        foreach (string name in new[] { "softmax", "linear", "relu", "leaky_relu", "elu", "selu", "gelu", "swish", "silu" })
        {
            Assert.Null(Activations.Bounds(name));
        }
    }

    [Fact]
    public void UnknownNameThrowsListingValidNames()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Activations.Get("Relu"));
        Assert.Contains("Relu", e.Message);
        Assert.All(Activations.Names, n => Assert.Contains(n, e.Message));
        Assert.ThrowsAny<ArgumentException>(() => new Activation("hard_tanh"));
    }

    [Fact]
    public void ActivationLayerAppliesTheFunction()
    {
        var layer = new Activation("tanh");
        layer.Build([Xs.Length]);
        Assert.Equal(new long[] { Xs.Length }, layer.OutputShape);
        Assert.Equal(0, layer.ParamCount);
        using var x = tensor(Xs, [1, Xs.Length], ScalarType.Float64);
        using var y = layer.Call(x);
        TestData.Close(Xs.Select(Math.Tanh).ToArray(), TestData.Values(y), 1e-12, "Activation(tanh)");
    }
}
