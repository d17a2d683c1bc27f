using System.Globalization;
using System.Text.Json;
using TfInit.Nonlinearities;
using TfInit.Initializers;
using TfInit.Numerics;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// Gain.Compute = 1 / sqrt(E[f(z)^2]), z ~ N(0, 1): exact values where the integral has a closed form (relu 1/2,
/// linear 1, selu 1 by its constants), scipy's adaptive quadrature (QUADPACK, with scipy.special's erfc for gelu) as the
/// oracle for the rest at 1e-10 relative, and a numpy Monte Carlo estimate for gelu and swish.
/// </summary>
public sealed class GainComputeTests
{
    // The same functions written with scipy/numpy; quad integrates each half-line to 1e-13 relative.
    private const string ScipyGains = """
        import json, numpy as np
        from scipy import integrate, special
        phi = lambda z: np.exp(-z * z / 2) / np.sqrt(2 * np.pi)
        sp = lambda x: np.logaddexp(0, x)
        f = {
            "tanh": np.tanh, "sigmoid": special.expit, "swish": lambda x: x * special.expit(x),
            "silu": lambda x: x * special.expit(x), "gelu": lambda x: x * 0.5 * special.erfc(-x / np.sqrt(2)),
            "elu": lambda x: x if x > 0 else np.expm1(x), "softplus": sp, "mish": lambda x: x * np.tanh(sp(x)),
            "leaky_relu": lambda x: x if x > 0 else 0.2 * x,
            "selu": lambda x: 1.0507009873554804934193349852946 * (x if x > 0 else 1.6732632423543772848170429916717 * np.expm1(x)),
        }
        out = {}
        for name, g in f.items():
            m = sum(integrate.quad(lambda z: g(z) ** 2 * phi(z), a, b, epsabs=0, epsrel=1e-13, limit=200)[0]
                    for a, b in [(-np.inf, 0), (0, np.inf)])
            out[name] = 1 / np.sqrt(m)
        print(json.dumps(out))
        """;

    private static readonly Lazy<Dictionary<string, double>> Scipy = new(() =>
        JsonSerializer.Deserialize<Dictionary<string, double>>(PythonRunner.Run(ScipyGains))!);

    [Fact]
    public void ReluIsSqrtTwoAsHeDerives()
    {
        // E[relu(z)^2] = 1/2 exactly.
        Assert.Equal(Math.Sqrt(2), Gain.Compute("relu"), 1e-14);
        Assert.Equal(Math.Sqrt(2), Gain.Compute(x => Math.Max(x, 0)), 1e-14);
    }

    [Fact]
    public void LinearIsOneAndScalingDividesTheGain()
    {
        Assert.Equal(1.0, Gain.Compute("linear"), 1e-14);
        Assert.Equal(0.5, Gain.Compute(x => 2 * x), 1e-14);
        Assert.Equal(1.0, Gain.Compute(Math.Abs), 1e-14);
    }

    [Fact]
    public void SeluIsOneByItsConstants()
    {
        // Klambauer et al. chose alpha and lambda so that E[selu(z)^2] = 1; they are given to ~1e-16 here.
        Assert.Equal(1.0, Gain.Compute("selu"), 1e-12);
    }

    [Theory]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    [InlineData("swish")]
    [InlineData("silu")]
    [InlineData("elu")]
    [InlineData("softplus")]
    [InlineData("mish")]
    [InlineData("leaky_relu")]
    [InlineData("selu")]
    public void MatchesScipyQuadratureToOneInTenBillion(string activation)
    {
        double expected = Scipy.Value[activation];
        double actual = Gain.Compute(activation);
        Assert.True(Math.Abs(actual - expected) <= 1e-10 * expected, $"{activation}: {actual:R} vs scipy {expected:R}");
    }

    [Theory]
    [InlineData("gelu")]
    [InlineData("swish")]
    public void MatchesAMonteCarloEstimate(string activation)
    {
        // numpy draws 4e6 standard normals (seed 0) and prints mean(f(z)^2) and its standard error; the gain's error
        // from E[f^2] is half the relative error, and 5 standard errors bound a true deviation with probability 1 - 6e-7.
        string script = activation == "gelu"
            ? "import numpy as np, json\nfrom scipy import special\nz = np.random.RandomState(0).randn(4000000)\nv = (z * 0.5 * special.erfc(-z / np.sqrt(2))) ** 2\nprint(json.dumps([v.mean(), v.std() / np.sqrt(v.size)]))"
            : "import numpy as np, json\nfrom scipy import special\nz = np.random.RandomState(0).randn(4000000)\nv = (z * special.expit(z)) ** 2\nprint(json.dumps([v.mean(), v.std() / np.sqrt(v.size)]))";
        double[] mc = JsonSerializer.Deserialize<double[]>(PythonRunner.Run(script))!;
        double moment = Math.Pow(Gain.Compute(activation), -2);
        Assert.True(Math.Abs(moment - mc[0]) <= 5 * mc[1], $"{activation}: E[f^2] {moment:R}, Monte Carlo {mc[0]:R} +- {mc[1]:G3}");
    }

    [Fact]
    public void EveryScalarActivationHasAFiniteGain()
    {
        foreach (string name in ScalarActivations.Names)
        {
            double gain = Gain.Compute(name);
            Assert.True(double.IsFinite(gain) && gain > 0, $"{name}: {gain}");
        }
    }

    [Fact]
    public void UnknownNameIsAnErrorNamingTheParameterAndListingTheNames()
    {
        var error = Assert.Throws<ArgumentException>(() => Gain.Compute("softmax"));
        Assert.Equal("activation", error.ParamName);
        Assert.Contains("'softmax'", error.Message, StringComparison.Ordinal);
        Assert.Contains("gelu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FunctionsWithoutAFiniteSecondMomentAreRefused()
    {
        Assert.Equal("activation", Assert.Throws<ArgumentException>(() => Gain.Compute(_ => 0.0)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentException>(() => Gain.Compute(_ => double.NaN)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentException>(() => Gain.Compute(x => 1 / x)).ParamName);
        // exp(z^2 / 4)^2 phi(z) = const: E[f^2] is infinite.
        Assert.Equal("activation", Assert.Throws<ArgumentException>(() => Gain.Compute(x => Math.Exp(x * x / 4))).ParamName);
    }

    [Fact]
    public void NormalCdfMatchesPythonErfc()
    {
        // math.erfc in CPython is Cody-style double precision; 1e-14 relative covers both implementations' rounding.
        double[] xs = [-38, -20, -8.5, -6, -4.3, -3.55, -3.5, -2, -1, -0.3, -1e-9, 0, 1e-9, 0.3, 1, 2, 3.5, 3.6, 6, 8.5];
        string list = string.Join(",", xs.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
        double[] expected = JsonSerializer.Deserialize<double[]>(
            PythonRunner.Run($"import math, json\nprint(json.dumps([0.5 * math.erfc(-x / math.sqrt(2)) for x in [{list}]]))"))!;
        for (int i = 0; i < xs.Length; i++)
        {
            double actual = NormalDistribution.Cdf(xs[i]);
            Assert.True(Math.Abs(actual - expected[i]) <= 1e-14 * expected[i], $"Phi({xs[i]}) = {actual:R}, python {expected[i]:R}");
        }
    }
}
