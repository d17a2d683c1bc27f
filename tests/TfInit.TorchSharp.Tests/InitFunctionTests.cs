using System.Runtime.InteropServices;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.init;

namespace TfInit.TorchSharp.Tests;

/// <summary>Init.* against torch.nn.init of PyTorch 1.13 (Python/init_parity.py is the oracle).</summary>
public sealed class InitFunctionTests
{
    // Keep in step with CASES in Python/init_parity.py.
    private static readonly (string Name, long[] Shape, Action<Tensor> Fill)[] Cases =
    [
        ("uniform", [300, 200], t => Init.uniform_(t, -0.3, 0.7)),
        ("normal", [300, 200], t => Init.normal_(t, 0.5, 2.0)),
        ("trunc_normal", [300, 200], t => Init.trunc_normal_(t, 0.1, 1.0, -1.5, 2.0)),
        ("xavier_uniform", [300, 200], t => Init.xavier_uniform_(t, 1.5)),
        ("xavier_normal", [64, 32, 3, 3], t => Init.xavier_normal_(t, 0.8)),
        ("kaiming_uniform", [64, 32, 3, 3], t => Init.kaiming_uniform_(t, a: 0.2, mode: FanInOut.FanOut, nonlinearity: NonlinearityType.LeakyReLU)),
        ("kaiming_normal", [300, 200], t => Init.kaiming_normal_(t, mode: FanInOut.FanIn, nonlinearity: NonlinearityType.ReLU)),
        ("orthogonal", [48, 8, 3, 3], t => Init.orthogonal_(t, 1.3)),
        ("sparse", [200, 300], t => Init.sparse_(t, 0.3, 0.02)),
        ("constant", [7, 5], t => Init.constant_(t, 0.37)),
        ("ones", [7, 5], t => Init.ones_(t)),
        ("zeros", [7, 5], t => Init.zeros_(t)),
        ("eye", [5, 9], t => Init.eye_(t)),
        ("dirac", [6, 4, 3, 3], t => Init.dirac_(t)),
        ("dirac_groups", [8, 3, 5], t => Init.dirac_(t, groups: 2)),
        ("dirac_3d", [4, 4, 3, 2, 3], t => Init.dirac_(t)),
    ];

    private static readonly Lazy<(Dictionary<string, Tensor> Ours, JsonElement Oracle)> Run = new(() =>
    {
        torch.manual_seed(11);
        var ours = Cases.ToDictionary(c => c.Name, c =>
        {
            var t = torch.empty(c.Shape, ScalarType.Float64);
            c.Fill(t);
            return t;
        });
        string npz = TorchValues.WriteNpz(ours.Select(kv => (kv.Key, kv.Value)));
        try
        {
            return (ours, Python.RunScript("init_parity.py", npz));
        }
        finally
        {
            File.Delete(npz);
        }
    });

    [Fact]
    public void CalculateGainEqualsPyTorchExactly()
    {
        var gains = Run.Value.Oracle.GetProperty("gains");
        foreach (var g in gains.EnumerateObject())
        {
            string[] parts = g.Name.Split('/');
            double? param = parts[1] == "None" ? null : double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(g.Value.GetDouble(), Init.calculate_gain(parts[0], param));
        }

        Assert.Equal(gains.GetProperty("leaky_relu/None").GetDouble(), Init.calculate_gain(NonlinearityType.LeakyReLU));
        Assert.Equal(gains.GetProperty("tanh/None").GetDouble(), Init.calculate_gain(NonlinearityType.Tanh));
        Assert.Equal(gains.GetProperty("relu/None").GetDouble(), Init.calculate_gain(NonlinearityType.ReLU));
    }

    [Fact]
    public void ConstantEyeAndDiracEqualPyTorchExactly()
    {
        foreach (string name in new[] { "constant", "ones", "zeros", "eye", "dirac", "dirac_groups", "dirac_3d" })
        {
            Assert.True(Run.Value.Oracle.GetProperty("cases").GetProperty(name).GetProperty("exact").GetBoolean(), name);
        }
    }

    [Fact]
    public void RandomFunctionsMatchPyTorchsDistributions()
    {
        var cases = Run.Value.Oracle.GetProperty("cases");
        foreach (var c in cases.EnumerateObject().Where(c => c.Value.TryGetProperty("p", out _)))
        {
            // Two-sample KS on 60,000 values against PyTorch's own: 9 cases at alpha 1e-4 give a false alarm with
            // probability below 0.1%; a 3% error in scale is already p < 1e-6 at this size.
            Assert.True(c.Value.GetProperty("p").GetDouble() > 1e-4, $"{c.Name}: KS p = {c.Value.GetProperty("p").GetDouble():G3}");
            if (c.Value.TryGetProperty("torch_bound", out var b))
            {
                double max = c.Value.GetProperty("ours_max").GetDouble();
                Assert.InRange(max, 0.99 * b.GetDouble(), b.GetDouble());
            }
        }

        // Hard facts the KS test does not pin: uniform_ and trunc_normal_ never leave their bounds.
        Assert.InRange(cases.GetProperty("uniform").GetProperty("ours_min").GetDouble(), -0.3, 0.7);
        Assert.InRange(cases.GetProperty("uniform").GetProperty("ours_maxval").GetDouble(), -0.3, 0.7);
        Assert.InRange(cases.GetProperty("trunc_normal").GetProperty("ours_min").GetDouble(), -1.5, 2.0);
        Assert.InRange(cases.GetProperty("trunc_normal").GetProperty("ours_maxval").GetDouble(), -1.5, 2.0);
    }

    [Fact]
    public void OrthogonalIsOrthogonalInPyTorchsFlattening()
    {
        // PyTorch flattens [48, 8, 3, 3] to 48 x 72: rows orthonormal (times gain 1.3) since 48 < 72.
        var w = Run.Value.Ours["orthogonal"].reshape(48, 72);
        var gram = w.matmul(w.t()).div(1.3 * 1.3);
        Assert.True(gram.allclose(torch.eye(48, dtype: ScalarType.Float64), rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void SparseZeroesTheSameCountInEveryColumnAsPyTorch()
    {
        // PyTorch: ceil(0.3 * 200) = 60 zeros in each of the 300 columns of a [200, 300] weight.
        double[] zeros = TorchValues.Doubles(Run.Value.Ours["sparse"].eq(0.0).to_type(ScalarType.Float64).sum(0L));
        Assert.Equal(300, zeros.Length);
        Assert.All(zeros, z => Assert.Equal(60, z));
    }

    [Fact]
    public void AGeneratorGivesReproducibleValuesAndAdvances()
    {
        var a = torch.empty(50, 40);
        var b = torch.empty(50, 40);
        Init.xavier_normal_(a, generator: new Generator(123));
        Init.xavier_normal_(b, generator: new Generator(123));
        Assert.True(a.eq(b).all().item<bool>());

        var g = new Generator(123);
        Init.xavier_normal_(a, generator: g);
        Init.xavier_normal_(b, generator: g);
        Assert.False(a.eq(b).all().item<bool>());

        torch.manual_seed(5);
        Init.kaiming_uniform_(a);
        torch.manual_seed(5);
        Init.kaiming_uniform_(b);
        Assert.True(a.eq(b).all().item<bool>());
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    public void FillsEveryFloatDtypeWithTheSameDistribution(ScalarType dtype)
    {
        // 20,000 N(0, 0.1^2) values: the sample std is within 3% with probability > 0.9999 (its sd is 0.5%).
        var t = torch.empty([200, 100], dtype);
        Init.normal_(t, 0, 0.1, new Generator(1));
        Assert.Equal(dtype, t.dtype);
        double std = t.to_type(ScalarType.Float64).std().item<double>();
        Assert.InRange(std, 0.097, 0.103);
    }

    /// <summary>
    /// A bfloat16 fill holds the core's bits, which equal libtorch's own cast of the float32 fill (libtorch as the
    /// oracle of c10's round-to-nearest-even); a float16 fill equals the core's Half values.
    /// </summary>
    [Fact]
    public void NarrowFillsHoldTheCoresBitsWhichEqualLibtorchsCast()
    {
        var init = new TfInit.Initializers.HeNormal(seed: 8);
        var brains = TfInit.TorchSharp.Filling.TensorFill.Fill(torch.empty([64, 48], ScalarType.BFloat16), init);
        var singles = TfInit.TorchSharp.Filling.TensorFill.Fill(torch.empty([64, 48], ScalarType.Float32), init);
        byte[] cast = singles.to_type(ScalarType.BFloat16).bytes.ToArray();
        Assert.True(brains.bytes.SequenceEqual(cast), "bfloat16 fill differs from libtorch's cast of the float32 fill");
        Assert.True(brains.bytes.SequenceEqual(MemoryMarshal.AsBytes(init.GenerateBFloat16(64, 48).AsSpan())), "bfloat16 fill differs from GenerateBFloat16");

        var halves = TfInit.TorchSharp.Filling.TensorFill.Fill(torch.empty([64, 48], ScalarType.Float16), init);
        Assert.True(halves.bytes.SequenceEqual(MemoryMarshal.AsBytes(init.GenerateHalf(64, 48).AsSpan())), "float16 fill differs from GenerateHalf");
    }

    [Fact]
    public void WritesUnderNoGradIntoAParameterThatRequiresGrad()
    {
        var linear = nn.Linear(30, 20);
        Init.xavier_normal_(linear.get_parameter("weight")!, gain: 1.0);
        Assert.True(linear.weight!.requires_grad);
        Assert.True(linear.weight.is_leaf);
    }

    [Fact]
    public void RefusesIntegerTensorsAndBadArgumentsByName()
    {
        var ints = torch.zeros(3, 3, dtype: ScalarType.Int64);
        Assert.Equal("tensor", Assert.Throws<ArgumentException>(() => Init.normal_(ints)).ParamName);
        Assert.Equal("high", Assert.ThrowsAny<ArgumentException>(() => Init.uniform_(torch.empty(3), 1, 0)).ParamName);
        Assert.Equal("std", Assert.ThrowsAny<ArgumentException>(() => Init.normal_(torch.empty(3), 0, -1)).ParamName);
        Assert.Equal("tensor", Assert.ThrowsAny<ArgumentException>(() => Init.eye_(torch.empty(3, 3, 3))).ParamName);
        Assert.Equal("tensor", Assert.ThrowsAny<ArgumentException>(() => Init.xavier_uniform_(torch.empty(5))).ParamName);
        Assert.Equal("tensor", Assert.ThrowsAny<ArgumentException>(() => Init.orthogonal_(torch.empty(5))).ParamName);
    }
}
