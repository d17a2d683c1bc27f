using System.Text.Json;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Shapes;

namespace TfInit.Tests.Upstream;

/// <summary>
/// PyTorch's <c>test/nn/test_init.py</c>, classes <c>TestNNInit</c> and <c>TestNNInitDeviceType</c>, ported: each test
/// names the upstream test it follows. Statistical tests keep upstream's criterion: scipy's Kolmogorov-Smirnov p-value
/// above 0.0001 (a correct sampler fails one such test in 10,000; the seeds here are fixed, so a run is repeatable).
/// Sizes are drawn as upstream's <c>_create_random_nd_tensor</c> does, from a fixed-seed generator. Deterministic
/// results (calculate_gain, eye_, dirac_, sparse_ zero counts, warnings) are compared with PyTorch 1.13 run live.
/// PyTorch-named classes read PyTorch's [out, in, ..] layout by default, so no layout is given here.
/// Not ported: <c>test_deprecation</c> (TfInit has no deprecated aliases) and the generator argument of
/// <c>test_trunc_normal_generator</c> (TfInit initializers own their seed; the same seed gives the same values).
/// </summary>
public sealed class TorchNNInitTests
{
    private const double KsThreshold = 0.0001;

    private readonly System.Random _random = new(123);

    /// <summary>Follows <c>test_calculate_gain_linear</c>: 1 for linear and every conv, checked against torch.</summary>
    [Fact]
    public void TestCalculateGainLinear()
    {
        string[] names = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
        var torch = Oracle.Torch("print(json.dumps([init.calculate_gain(n) for n in json.loads(sys.argv[1])]))", JsonSerializer.Serialize(names));
        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(1.0, Gain.Calculate(names[i]));
            Assert.Equal(torch[i].GetDouble(), Gain.Calculate(names[i]));
        }
    }

    /// <summary>Follows <c>test_calculate_gain_nonlinear</c>: upstream's constants, and torch's own values, bit for bit.</summary>
    [Theory]
    [InlineData("sigmoid", 1.0)]
    [InlineData("tanh", 1.6666666666666667)]
    [InlineData("relu", 1.4142135623730951)]
    [InlineData("leaky_relu", 1.4141428569978354)]
    [InlineData("selu", 0.75)]
    public void TestCalculateGainNonlinear(string name, double expected)
    {
        Assert.Equal(expected, Gain.Calculate(name));
        Assert.Equal(Oracle.Torch("print(json.dumps(init.calculate_gain(sys.argv[1])))", name).GetDouble(), Gain.Calculate(name));
    }

    /// <summary>Follows <c>test_calculate_gain_leaky_relu</c>: slopes None, 0, 0.01 and 10.</summary>
    [Theory]
    [InlineData(null, 1.4141428569978354)]
    [InlineData(0.0, 1.4142135623730951)]
    [InlineData(0.01, 1.4141428569978354)]
    [InlineData(10.0, 0.14071950894605836)]
    public void TestCalculateGainLeakyRelu(double? param, double expected)
    {
        Assert.Equal(expected, Gain.Calculate("leaky_relu", param));
        string arg = param is null ? "None" : param.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Oracle.Torch($"print(json.dumps(init.calculate_gain('leaky_relu', {arg})))").GetDouble(), Gain.Calculate("leaky_relu", param));
    }

    /// <summary>
    /// Follows <c>test_calculate_gain_leaky_relu_only_accepts_numbers</c>: True, [1] and {"a": "b"} are refused. The C#
    /// API takes a number only, so the check is on the config key <c>a</c>, the one place a non-number can come in.
    /// </summary>
    [Theory]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("""{"a": "b"}""")]
    public void TestCalculateGainLeakyReluOnlyAcceptsNumbers(string a)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize($$$"""{"class_name": "KaimingNormal", "config": {"a": {{{a}}}}}"""));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Follows <c>test_calculate_gain_only_accepts_valid_nonlinearities</c>: random names of 2, 5 and 25 letters.</summary>
    [Fact]
    public void TestCalculateGainOnlyAcceptsValidNonlinearities()
    {
        foreach (int n in new[] { 2, 5, 25 })
        {
            string name = new(Enumerable.Range(0, n).Select(_ => (char)('a' + _random.Next(26))).ToArray());
            Assert.ThrowsAny<ArgumentException>(() => Gain.Calculate(name));
        }
    }

    /// <summary>Follows <c>test_uniform</c>: U(a, b) on 1-, 2- and 4-D tensors of sides 30 to 50 passes a KS test.</summary>
    [Fact]
    public void TestUniform()
    {
        foreach (int dims in new[] { 1, 2, 4 })
        {
            int[] shape = RandomShape(dims, 30, 50);
            double a = RandomFloat(-3, 3);
            double b = a + RandomFloat(1, 5);
            double[] values = new RandomUniform(a, b, seed: 10 + dims).Generate(shape);
            AssertKs(values, "uniform", $"uniform {Shape.Format(shape)}", a, b - a);
        }
    }

    /// <summary>Follows <c>test_normal</c>: N(mean, std) on 1-, 2- and 4-D tensors passes a KS test.</summary>
    [Fact]
    public void TestNormal()
    {
        foreach (int dims in new[] { 1, 2, 4 })
        {
            int[] shape = RandomShape(dims, 30, 50);
            double mean = RandomFloat(-3, 3);
            double std = RandomFloat(1, 5);
            double[] values = new RandomNormal(mean, std, seed: 20 + dims).Generate(shape);
            AssertKs(values, "norm", $"normal {Shape.Format(shape)}", mean, std);
        }
    }

    /// <summary>
    /// Follows <c>test_trunc_normal_generator</c>: two draws with the same seed are equal, and the values lie in the
    /// default cut-offs [-2, 2]. (Upstream's KS check there uses other bounds than it draws with on five values.)
    /// </summary>
    [Fact]
    public void TestTruncNormalGenerator()
    {
        double[] first = new TruncNormal(seed: 42).Generate(5);
        Assert.Equal(first, new TruncNormal(seed: 42).Generate(5));
        Assert.All(first, v => Assert.InRange(v, -2.0, 2.0));
    }

    /// <summary>Follows <c>test_constant</c>: constant_(val) on 1-, 2- and 4-D tensors of sides 1 to 5.</summary>
    [Fact]
    public void TestConstant()
    {
        foreach (int dims in new[] { 1, 2, 4 })
        {
            int[] shape = RandomShape(dims, 1, 5);
            double value = RandomFloat(1, 10);
            Assert.All(new Constant(value).Generate(shape), v => Assert.Equal(value, v));
        }
    }

    /// <summary>Follows <c>test_ones_and_zeros</c>.</summary>
    [Fact]
    public void TestOnesAndZeros()
    {
        foreach (var (initializer, value) in new (Initializer, double)[] { (new Ones(), 1.0), (new Zeros(), 0.0) })
        {
            foreach (int dims in new[] { 1, 2, 4 })
            {
                Assert.All(initializer.Generate(RandomShape(dims, 1, 5)), v => Assert.Equal(value, v));
            }
        }
    }

    /// <summary>Follows <c>test_eye</c>: every element of a random 2-D shape, and torch's eye_ on the same shape.</summary>
    [Fact]
    public void TestEye()
    {
        int[] shape = RandomShape(2, 1, 5);
        double[] values = new Eye().Generate(shape);
        for (int i = 0; i < shape[0]; i++)
        {
            for (int j = 0; j < shape[1]; j++)
            {
                Assert.Equal(i == j ? 1.0 : 0.0, values[(i * shape[1]) + j]);
            }
        }

        var torch = Oracle.Torch("t = torch.empty(*json.loads(sys.argv[1])); init.eye_(t); print(json.dumps(t.flatten().tolist()))", JsonSerializer.Serialize(shape));
        Assert.Equal(torch.EnumerateArray().Select(e => e.GetDouble()), values);
    }

    /// <summary>Follows <c>test_eye_only_works_on_2d_inputs</c>.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TestEyeOnlyWorksOn2dInputs(int dims) =>
        Assert.ThrowsAny<ArgumentException>(() => new Eye().Generate(RandomShape(dims, 1, 3)));

    /// <summary>
    /// Follows <c>test_dirac_properties</c>: for 3-, 4- and 5-D weights and groups 1 to 3, the number of non-zeros and the
    /// sum are min(out / groups, in) * groups; and the weight equals torch's dirac_ on the same shape.
    /// </summary>
    [Fact]
    public void TestDiracProperties()
    {
        foreach (int dims in new[] { 3, 4, 5 })
        {
            foreach (int groups in new[] { 1, 2, 3 })
            {
                int a = _random.Next(1, 6), c = _random.Next(1, 6), d = _random.Next(1, 6), e = _random.Next(1, 6);
                int b = _random.Next(1, (5 * groups) + 1);
                int[] shape = new[] { a * groups, b, c, d, e }[..dims];
                double[] w = new Dirac(groups).Generate(shape);
                int minD = Math.Min(a, b);
                Assert.Equal(minD * groups, w.Count(v => v != 0));
                Assert.Equal(minD * groups, w.Sum());

                var torch = Oracle.Torch(
                    "t = torch.randn(*json.loads(sys.argv[1])); init.dirac_(t, int(sys.argv[2])); print(json.dumps(t.flatten().tolist()))",
                    JsonSerializer.Serialize(shape), groups.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(torch.EnumerateArray().Select(x => x.GetDouble()), w);
            }
        }
    }

    /// <summary>
    /// Follows <c>test_dirac_identity</c>: torch's conv1d / conv2d / conv3d with TfInit's Dirac weights (in 3, out 9,
    /// kernel 3, groups 1 and 3) pass the first in_c channels of each group through and give 0 on the others.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TestDiracIdentity(int groups)
    {
        const int inC = 3, outC = 9, kernel = 3;
        foreach (int spatial in new[] { 1, 2, 3 })
        {
            int[] shape = [outC, inC, .. Enumerable.Repeat(kernel, spatial)];
            string path = Oracle.TempNpy(new Dirac(groups).Generate(shape), shape);
            try
            {
                const string script = """
                    import numpy as np
                    w = torch.from_numpy(np.load(sys.argv[1])).float()
                    groups, dims = int(sys.argv[2]), int(sys.argv[3])
                    batch, in_c, size = 8, 3, 5
                    x = torch.randn(batch, in_c, *([size] * dims))
                    y = [F.conv1d, F.conv2d, F.conv3d][dims - 1](x, w)
                    eff = w.shape[0] // groups
                    inner = (slice(None), slice(None)) + (slice(1, -1),) * dims
                    ok = True
                    for g in range(groups):
                        ok &= bool(torch.equal(x[inner], y[:, eff * g: eff * g + in_c]))
                        ok &= y[:, eff * g + in_c: eff * (g + 1)].count_nonzero().item() == 0
                    print(json.dumps(ok))
                    """;
                Assert.True(Oracle.Torch(script, path, groups.ToString(System.Globalization.CultureInfo.InvariantCulture), spatial.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetBoolean(),
                    $"Dirac({groups}) {Shape.Format(shape)} is not the identity under torch's conv{spatial}d");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Follows <c>test_dirac_only_works_on_3_4_5d_inputs</c>.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void TestDiracOnlyWorksOn345dInputs(int dims) =>
        Assert.ThrowsAny<ArgumentException>(() => new Dirac().Generate(RandomShape(dims, 1, 3)));

    /// <summary>Follows <c>test_xavier_uniform_errors_on_inputs_smaller_than_2d</c> and its <c>xavier_normal</c> and <c>kaiming_*</c> twins.</summary>
    [Theory]
    [InlineData("XavierUniform", 0)]
    [InlineData("XavierUniform", 1)]
    [InlineData("XavierNormal", 0)]
    [InlineData("XavierNormal", 1)]
    [InlineData("KaimingUniform", 0)]
    [InlineData("KaimingUniform", 1)]
    [InlineData("KaimingNormal", 0)]
    [InlineData("KaimingNormal", 1)]
    public void TestErrorsOnInputsSmallerThan2d(string className, int dims) =>
        Assert.ThrowsAny<ArgumentException>(() => KerasJson.Deserialize(className).Generate(RandomShape(dims, 1, 1)));

    /// <summary>Follows <c>test_xavier_uniform</c>: with and without a gain, 2- and 4-D, bound gain * sqrt(6 / (in + out)) from torch's fans.</summary>
    [Fact]
    public void TestXavierUniform()
    {
        foreach (bool useGain in new[] { true, false })
        {
            foreach (int dims in new[] { 2, 4 })
            {
                int[] shape = RandomShape(dims, 20, 25);
                double gain = useGain ? RandomFloat(0.1, 2) : 1.0;
                double[] values = new XavierUniform(gain, seed: 30 + dims).Generate(shape);
                var (fanIn, fanOut) = TorchFans(shape);
                double bound = gain * Math.Sqrt(2.0 / (fanIn + fanOut)) * Math.Sqrt(3);
                AssertKs(values, "uniform", $"xavier_uniform gain {gain} {Shape.Format(shape)}", -bound, 2 * bound);
            }
        }
    }

    /// <summary>Follows <c>test_xavier_normal</c>: std gain * sqrt(2 / (in + out)) from torch's fans.</summary>
    [Fact]
    public void TestXavierNormal()
    {
        foreach (bool useGain in new[] { true, false })
        {
            foreach (int dims in new[] { 2, 4 })
            {
                int[] shape = RandomShape(dims, 20, 25);
                double gain = useGain ? RandomFloat(0.1, 2) : 1.0;
                double[] values = new XavierNormal(gain, seed: 40 + dims).Generate(shape);
                var (fanIn, fanOut) = TorchFans(shape);
                AssertKs(values, "norm", $"xavier_normal gain {gain} {Shape.Format(shape)}", 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
            }
        }
    }

    /// <summary>
    /// Follows <c>test_kaiming_uniform_warning_on_0element_tensor</c> and <c>test_kaiming_normal_warning_on_0element_tensor</c>:
    /// a (0, 1) tensor is a no-op with the warning "Initializing zero-element tensors is a no-op".
    /// </summary>
    [Theory]
    [InlineData("KaimingUniform")]
    [InlineData("KaimingNormal")]
    public void TestKaimingWarningOn0ElementTensor(string className)
    {
        var warnings = new List<string>();
        void Collect(string w) => warnings.Add(w);
        TfInit.Diagnostics.Warnings.Issued += Collect;
        try
        {
            Assert.Empty(KerasJson.Deserialize(className).Generate(0, 1));
        }
        finally
        {
            TfInit.Diagnostics.Warnings.Issued -= Collect;
        }

        Assert.Contains(warnings, w => w.Contains("Initializing zero-element tensors is a no-op", StringComparison.Ordinal));
    }

    /// <summary>Follows <c>test_kaiming_uniform</c>: a and mode, 2- and 4-D; bound sqrt(3) * sqrt(2 / ((1 + a^2) n)).</summary>
    [Fact]
    public void TestKaimingUniform()
    {
        foreach (bool useA in new[] { true, false })
        {
            foreach (int dims in new[] { 2, 4 })
            {
                foreach (string mode in new[] { "fan_in", "fan_out" })
                {
                    int[] shape = RandomShape(dims, 20, 25);
                    double a = useA ? RandomFloat(0.1, 2) : 0;
                    double[] values = new KaimingUniform(a, mode, seed: 50 + dims).Generate(shape);
                    var (fanIn, fanOut) = TorchFans(shape);
                    double bound = Math.Sqrt(2.0 / ((1 + (a * a)) * (mode == "fan_in" ? fanIn : fanOut))) * Math.Sqrt(3.0);
                    AssertKs(values, "uniform", $"kaiming_uniform a {a} {mode} {Shape.Format(shape)}", -bound, 2 * bound);
                }
            }
        }
    }

    /// <summary>Follows <c>test_kaiming_normal</c>: std sqrt(2 / ((1 + a^2) n)).</summary>
    [Fact]
    public void TestKaimingNormal()
    {
        foreach (bool useA in new[] { true, false })
        {
            foreach (int dims in new[] { 2, 4 })
            {
                foreach (string mode in new[] { "fan_in", "fan_out" })
                {
                    int[] shape = RandomShape(dims, 20, 25);
                    double a = useA ? RandomFloat(0.1, 2) : 0;
                    double[] values = new KaimingNormal(a, mode, seed: 60 + dims).Generate(shape);
                    var (fanIn, fanOut) = TorchFans(shape);
                    double std = Math.Sqrt(2.0 / ((1 + (a * a)) * (mode == "fan_in" ? fanIn : fanOut)));
                    AssertKs(values, "norm", $"kaiming_normal a {a} {mode} {Shape.Format(shape)}", 0, std);
                }
            }
        }
    }

    /// <summary>Follows <c>test_sparse_only_works_on_2d_inputs</c>.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TestSparseOnlyWorksOn2dInputs(int dims) =>
        Assert.ThrowsAny<ArgumentException>(() => new Sparse(RandomFloat(0.1, 0.9), seed: 1).Generate(RandomShape(dims, 1, 3)));

    /// <summary>
    /// Follows <c>test_sparse_default_std</c>: every column of a (rows, cols) weight has at least ceil(sparsity * rows)
    /// zeros (torch's sparse_ gives exactly that many, checked live), and the non-zeros pass a KS test for N(0, std).
    /// </summary>
    [Fact]
    public void TestSparseDefaultStd()
    {
        foreach (bool useRandomStd in new[] { true, false })
        {
            int[] shape = RandomShape(2, 30, 35);
            int rows = shape[0], cols = shape[1];
            double sparsity = RandomFloat(0.1, 0.2);
            double std = useRandomStd ? RandomFloat(0.01, 0.2) : 0.01;
            double[] w = (useRandomStd ? new Sparse(sparsity, std, seed: 70) : new Sparse(sparsity, seed: 71)).Generate(shape);
            int[] zeros = Enumerable.Range(0, cols).Select(c => Enumerable.Range(0, rows).Count(r => w[(r * cols) + c] == 0)).ToArray();
            Assert.All(zeros, z => Assert.True(z >= (int)Math.Ceiling(sparsity * rows), $"{z} zeros < ceil({sparsity} * {rows})"));

            var torch = Oracle.Torch("""
                rows, cols, sparsity = json.loads(sys.argv[1])
                t = torch.empty(rows, cols); init.sparse_(t, sparsity)
                print(json.dumps((t == 0).sum(dim=0).tolist()))
                """, JsonSerializer.Serialize(new object[] { rows, cols, sparsity }));
            Assert.Equal(torch.EnumerateArray().Select(e => e.GetInt32()), zeros);
            AssertKs(w.Where(v => v != 0).ToArray(), "norm", $"sparse std {std}", 0, std);
        }
    }

    /// <summary>
    /// Follows <c>test_orthogonal</c>: [3, 4], [4, 3], [20, 2, 3, 4] and [2, 3, 4, 5], with and without a gain, flattened
    /// as PyTorch does to (size[0], prod(rest)): W W^T (or W^T W) is gain^2 I within atol 1e-6. Orthogonal is Keras's class,
    /// so PyTorch's flattening is asked for with Layout = Torch.
    /// </summary>
    [Fact]
    public void TestOrthogonal()
    {
        foreach (bool useGain in new[] { true, false })
        {
            foreach (int[] shape in new[] { new[] { 3, 4 }, new[] { 4, 3 }, new[] { 20, 2, 3, 4 }, new[] { 2, 3, 4, 5 } })
            {
                double gain = useGain ? RandomFloat(0.1, 2) : 1.0;
                double[] w = new Orthogonal(gain, seed: 80) { Layout = FanLayout.Torch }.Generate(shape);
                int rows = shape[0], cols = w.Length / rows;
                int n = Math.Min(rows, cols);
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        double dot = rows > cols
                            ? Enumerable.Range(0, rows).Sum(r => w[(r * cols) + i] * w[(r * cols) + j])
                            : Enumerable.Range(0, cols).Sum(c => w[(i * cols) + c] * w[(j * cols) + c]);
                        Assert.True(Math.Abs(dot - (i == j ? gain * gain : 0)) <= 1e-6, $"{Shape.Format(shape)} gain {gain}: [{i},{j}] = {dot}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Follows <c>TestNNInitDeviceType.test_trunc_normal_all_dtypes</c> (float32, float64): bounds at the tensor's precision
    /// and a KS test against scipy's truncnorm of the standardized values.
    /// </summary>
    [Theory]
    [InlineData(1, "float32")]
    [InlineData(2, "float32")]
    [InlineData(4, "float32")]
    [InlineData(1, "float64")]
    [InlineData(2, "float64")]
    [InlineData(4, "float64")]
    public void TestTruncNormalAllDtypes(int dims, string dtype)
    {
        int[] shape = RandomShape(dims, 30, 50);
        double mean = RandomFloat(-3, 3);
        double std = RandomFloat(0.01, 1);
        double a = RandomFloat(mean - (2 * std), mean);
        double b = RandomFloat(mean, mean + (2 * std));
        var initializer = new TruncNormal(mean, std, a, b, seed: 90 + dims);
        double[] values = dtype == "float32" ? initializer.GenerateSingle(shape).Select(f => (double)f).ToArray() : initializer.Generate(shape);
        double lo = dtype == "float32" ? (float)a : a;
        double hi = dtype == "float32" ? (float)b : b;
        Assert.True(values.Min() >= lo, $"{dtype}: values below lower bound a={a}");
        Assert.True(values.Max() <= hi, $"{dtype}: values above upper bound b={b}");
        AssertKs(values.Select(v => (v - mean) / std).ToArray(), "truncnorm", $"trunc_normal {dtype} {Shape.Format(shape)}", (a - mean) / std, (b - mean) / std);
    }

    /// <summary>Follows <c>TestNNInitDeviceType.test_trunc_normal_low_precision</c> (float16): 10,000 values of N(0, 1) cut at +-2.</summary>
    [Fact]
    public void TestTruncNormalLowPrecision()
    {
        double[] t = new TruncNormal(0, 1, -2, 2, seed: 100).GenerateHalf(10_000).Select(h => (double)h).ToArray();
        Assert.True(t.Min() >= -2 && t.Max() <= 2);
        AssertKs(t, "truncnorm", "trunc_normal float16", -2, 2);
    }

    /// <summary>Follows <c>TestNNInitDeviceType.test_trunc_normal_narrow_interval</c>: mean 0, std 1 cut to [2, 3], float32 / float64 / float16 / bfloat16.</summary>
    [Theory]
    [InlineData("float32")]
    [InlineData("float64")]
    [InlineData("float16")]
    [InlineData("bfloat16")]
    public void TestTruncNormalNarrowInterval(string dtype)
    {
        var initializer = new TruncNormal(0, 1, 2, 3, seed: 110);
        double[] t = dtype switch
        {
            "float32" => initializer.GenerateSingle(10_000).Select(f => (double)f).ToArray(),
            "float16" => initializer.GenerateHalf(10_000).Select(h => (double)h).ToArray(),
            "bfloat16" => initializer.GenerateBFloat16(10_000).Select(b => (double)b).ToArray(),
            _ => initializer.Generate(10_000),
        };
        Assert.True(t.Min() >= 2 && t.Max() <= 3, $"{dtype}: outside [2, 3]");
        if (dtype == "bfloat16")
        {
            // 65 bfloat16 values lie in [2, 3]: KS against the continuous law would reject the rounding itself.
            double p = Oracle.BFloat16ChiSquarePValue(t, 2, 3, "truncnorm", 2, 3);
            Assert.True(p > KsThreshold, $"narrow trunc_normal bfloat16: chi-square p-value {p} <= {KsThreshold} against truncnorm(2, 3) rounded to bfloat16");
        }
        else
        {
            AssertKs(t, "truncnorm", $"narrow trunc_normal {dtype}", 2, 3);
        }
    }

    /// <summary>Follows <c>TestNNInitDeviceType.test_trunc_normal_unique_values</c>: enough distinct values, none infinite or NaN.</summary>
    [Theory]
    [InlineData("float32", 5000)]
    [InlineData("float64", 5000)]
    [InlineData("float16", 3000)]
    [InlineData("bfloat16", 1400)] // bfloat16's 8 significant bits: scipy's truncnorm rounded the same way gives 1597-1655 distinct values in 20 runs
    public void TestTruncNormalUniqueValues(string dtype, int minUnique)
    {
        var initializer = new TruncNormal(0, 1, -2, 2, seed: 120);
        double[] t = dtype switch
        {
            "float32" => initializer.GenerateSingle(10_000).Select(f => (double)f).ToArray(),
            "float16" => initializer.GenerateHalf(10_000).Select(h => (double)h).ToArray(),
            "bfloat16" => initializer.GenerateBFloat16(10_000).Select(b => (double)b).ToArray(),
            _ => initializer.Generate(10_000),
        };
        Assert.True(t.Min() >= -2 && t.Max() <= 2);
        Assert.True(t.Distinct().Count() > minUnique, $"{dtype}: only {t.Distinct().Count()} unique values");
        Assert.All(t, v => Assert.True(double.IsFinite(v)));
    }

    /// <summary>Follows <c>TestNNInitDeviceType.test_trunc_normal_no_boundary_values_small_std</c>: std 0.1 never reaches +-2.</summary>
    [Theory]
    [InlineData("float32")]
    [InlineData("float64")]
    [InlineData("float16")]
    [InlineData("bfloat16")]
    public void TestTruncNormalNoBoundaryValuesSmallStd(string dtype)
    {
        var initializer = new TruncNormal(0, 0.1, -2, 2, seed: 130);
        double[] t = dtype switch
        {
            "float32" => initializer.GenerateSingle(10_000).Select(f => (double)f).ToArray(),
            "float16" => initializer.GenerateHalf(10_000).Select(h => (double)h).ToArray(),
            "bfloat16" => initializer.GenerateBFloat16(10_000).Select(b => (double)b).ToArray(),
            _ => initializer.Generate(10_000),
        };
        Assert.Equal(0, t.Count(v => v == -2.0));
        Assert.Equal(0, t.Count(v => v == 2.0));
    }

    /// <summary>
    /// Zero-element tensors (issue 14), against torch 1.13 live: for each PyTorch-named initializer and shape, TfInit gives
    /// the empty tensor where torch does, the same warning where torch warns, and an error where torch refuses the rank.
    /// Where torch fails by accident (xavier_* on fans that sum to 0: ZeroDivisionError; dirac_ with a zero spatial size:
    /// IndexError) TfInit returns the empty tensor: a deliberate difference (README, "Differences from the references").
    /// </summary>
    [Fact]
    public void ZeroElementTensorsFollowPyTorch()
    {
        int[][] shapes = [[0, 1], [0], [2, 0, 3], [0, 0, 0], [2, 2, 0], [0, 3, 3]];
        (string Torch, Func<Initializer> Ours)[] initializers =
        [
            ("kaiming_uniform_", () => new KaimingUniform(seed: 1)),
            ("kaiming_normal_", () => new KaimingNormal(seed: 1)),
            ("xavier_uniform_", () => new XavierUniform(seed: 1)),
            ("xavier_normal_", () => new XavierNormal(seed: 1)),
            ("orthogonal_", () => new Orthogonal(seed: 1) { Layout = FanLayout.Torch }),
            ("sparse_", () => new Sparse(0.5, seed: 1)),
            ("trunc_normal_", () => new TruncNormal(seed: 1)),
            ("eye_", () => new Eye()),
            ("dirac_", () => new Dirac()),
        ];
        const string script = """
            out = {}
            for name in json.loads(sys.argv[1]):
                for shape in json.loads(sys.argv[2]):
                    with warnings.catch_warnings(record=True) as w:
                        warnings.simplefilter('always')
                        try:
                            t = torch.empty(*shape)
                            getattr(init, name)(t, *((0.5,) if name == 'sparse_' else ()))
                            r = 'warning' if any('zero-element' in str(x.message) for x in w) else 'empty'
                        except ValueError:
                            r = 'error'
                        except (ZeroDivisionError, IndexError):
                            r = 'crash'
                    out[name + str(shape)] = r
            print(json.dumps(out))
            """;
        var torch = Oracle.Torch(script, JsonSerializer.Serialize(initializers.Select(i => i.Torch)), JsonSerializer.Serialize(shapes));
        var crashes = new List<string>();
        foreach (var (name, create) in initializers)
        {
            foreach (int[] shape in shapes)
            {
                string expected = torch.GetProperty(name + "[" + string.Join(", ", shape) + "]").GetString()!;
                string ours = Outcome(create(), shape);
                if (expected == "crash")
                {
                    crashes.Add($"{name}{Shape.Format(shape)}");
                    expected = "empty";
                }

                Assert.True(expected == ours, $"{name} on {Shape.Format(shape)}: torch {expected}, TfInit {ours}");
            }
        }

        // The deliberate differences, pinned: exactly these are torch's accidental failures.
        Assert.Equal(["xavier_uniform_(0, 0, 0)", "xavier_uniform_(2, 2, 0)", "xavier_normal_(0, 0, 0)", "xavier_normal_(2, 2, 0)", "dirac_(2, 2, 0)"], crashes);
    }

    private static string Outcome(Initializer initializer, int[] shape)
    {
        var warnings = new List<string>();
        void Collect(string w) => warnings.Add(w);
        TfInit.Diagnostics.Warnings.Issued += Collect;
        try
        {
            Assert.Empty(initializer.Generate(shape));
            return warnings.Count > 0 ? "warning" : "empty";
        }
        catch (ArgumentException)
        {
            return "error";
        }
        finally
        {
            TfInit.Diagnostics.Warnings.Issued -= Collect;
        }
    }

    /// <summary>The fans upstream's tests compute: size(1) and size(0), times tensor[0, 0].numel() above 2-D.</summary>
    private static (double FanIn, double FanOut) TorchFans(int[] shape)
    {
        double rf = shape.Skip(2).Aggregate(1.0, (p, d) => p * d);
        return (shape[1] * rf, shape[0] * rf);
    }

    private int[] RandomShape(int dims, int min, int max) => Enumerable.Range(0, dims).Select(_ => _random.Next(min, max + 1)).ToArray();

    private double RandomFloat(double a, double b) => ((b - a) * _random.NextDouble()) + a;

    private static void AssertKs(double[] values, string distribution, string what, params double[] args)
    {
        double p = Oracle.KsPValue(values, distribution, args);
        Assert.True(p > KsThreshold, $"{what}: KS p-value {p} <= {KsThreshold} against {distribution}({string.Join(", ", args)})");
    }
}
