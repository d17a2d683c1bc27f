using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Tests;

/// <summary>InitPolicy.Keras, overrides, unknown modules and name-keyed seeds.</summary>
public sealed class PolicyTests
{
    [Fact]
    public void TheIssueSurfaceCompilesAndRuns()
    {
        var model = nn.Sequential(("conv", nn.Conv2d(3, 16, 5)), ("bn", nn.BatchNorm2d(16)), ("relu", nn.ReLU()),
                                  ("flat", nn.Flatten()), ("fc", nn.Linear(16 * 28 * 28, 10)));
        model.Initialize(InitPolicy.Torch, seed: 7);
        model.Initialize(InitPolicy.Keras, seed: 7);
        model.Initialize(InitPolicy.Keras.With("fc.weight", new TfInit.Initializers.HeNormal()), seed: 7);
        Init.xavier_normal_(model.get_parameter("fc.weight")!, gain: 1.0);
        using var output = model.call(torch.randn(2, 3, 32, 32));
        Assert.Equal([2L, 10L], output.shape);
    }

    [Fact]
    public void KerasPolicyUsesKerasFansAndDefaults()
    {
        var model = nn.Sequential(("fc", nn.Linear(300, 100)), ("conv", nn.Conv2d(8, 16, 3)), ("emb", nn.Embedding(50, 8, padding_idx: 0)));
        model.Initialize(InitPolicy.Keras, seed: 1);

        // glorot_uniform: limit sqrt(6 / (fan_in + fan_out)); Keras conv fans are in * 9 and out * 9.
        double fcLimit = Math.Sqrt(6.0 / 400);
        double convLimit = Math.Sqrt(6.0 / ((8 + 16) * 9));
        Assert.InRange(Max(model.get_parameter("fc.weight")!), 0.98 * fcLimit, fcLimit);
        Assert.InRange(Max(model.get_parameter("conv.weight")!), 0.95 * convLimit, convLimit);
        Assert.Equal(0, Max(model.get_parameter("fc.bias")!));
        Assert.Equal(0, Max(model.get_parameter("conv.bias")!));
        var emb = model.get_parameter("emb.weight")!;
        Assert.Equal(0, Max(emb[0]));
        Assert.InRange(Max(emb), 0.04, 0.05);
    }

    [Fact]
    public void KerasPolicyLstmHasOrthogonalRecurrentKernelAndForgetBiasOne()
    {
        var lstm = nn.LSTM(12, 10);
        lstm.Initialize(InitPolicy.Keras, seed: 3);
        // The whole [40, 10] recurrent weight has orthonormal columns, as Keras's [10, 40] kernel has orthonormal rows.
        var hh = lstm.get_parameter("weight_hh_l0")!.to_type(ScalarType.Float64);
        Assert.True(hh.t().matmul(hh).allclose(torch.eye(10, dtype: ScalarType.Float64), rtol: 0, atol: 1e-5));
        double[] bias = TorchValues.Doubles(lstm.get_parameter("bias_ih_l0")!.add(lstm.get_parameter("bias_hh_l0")!));
        // PyTorch's gates are i, f, g, o: the forget gate is [10, 20).
        Assert.All(bias.Take(10), b => Assert.Equal(0, b));
        Assert.All(bias.Skip(10).Take(10), b => Assert.Equal(1, b));
        Assert.All(bias.Skip(20), b => Assert.Equal(0, b));
        double limit = Math.Sqrt(6.0 / (12 + 40));
        Assert.InRange(Max(lstm.get_parameter("weight_ih_l0")!), 0.9 * limit, limit);
    }

    [Fact]
    public void WithOverridesByNameAndByModuleTypeInTheKerasLayout()
    {
        var model = nn.Sequential(("a", nn.Linear(1000, 200)), ("b", nn.Linear(200, 1000)));
        model.Initialize(InitPolicy.Keras.With("b.weight", new TfInit.Initializers.HeUniform()), seed: 2);
        // HeUniform on a Keras kernel [200, 1000]: limit sqrt(6 / fan_in) with fan_in = in_features = 200.
        Assert.InRange(Max(model.get_parameter("b.weight")!), 0.99 * Math.Sqrt(6.0 / 200), Math.Sqrt(6.0 / 200));
        Assert.InRange(Max(model.get_parameter("a.weight")!), 0.99 * Math.Sqrt(6.0 / 1200), Math.Sqrt(6.0 / 1200));

        model.Initialize(InitPolicy.Torch.With<Linear>("bias", new TfInit.Initializers.Constant(0.5)).With("*.weight", new TfInit.Initializers.Zeros()), seed: 2);
        Assert.Equal(0, Max(model.get_parameter("a.weight")!));
        Assert.Equal(0.5, TorchValues.Doubles(model.get_parameter("b.bias")!).Min());
    }

    [Fact]
    public void NameKeyedSeedsKeepOtherLayersWhenALayerIsInserted()
    {
        var before = nn.Sequential(("a", nn.Linear(20, 30)), ("b", nn.Linear(30, 30)), ("head", nn.Linear(30, 5)));
        var after = nn.Sequential(("a", nn.Linear(20, 30)), ("extra", nn.Linear(30, 30)), ("b", nn.Linear(30, 30)), ("head", nn.Linear(30, 5)));
        foreach (var policy in new[] { InitPolicy.Torch, InitPolicy.Keras })
        {
            before.Initialize(policy, seed: 42);
            after.Initialize(policy, seed: 42);
            foreach (string name in new[] { "a.weight", "a.bias", "b.weight", "b.bias", "head.weight", "head.bias" })
            {
                Assert.True(before.get_parameter(name)!.eq(after.get_parameter(name)!).all().item<bool>(), $"{policy}: {name} changed");
            }

            // The inserted layer is not a copy of its neighbour, and another seed gives other values.
            Assert.False(after.get_parameter("extra.weight")!.eq(after.get_parameter("b.weight")!).all().item<bool>());
            after.Initialize(policy, seed: 43);
            Assert.False(before.get_parameter("b.weight")!.eq(after.get_parameter("b.weight")!).all().item<bool>());
        }
    }

    [Fact]
    public void UnknownModuleWithParametersIsAnErrorNamingItUnlessLeft()
    {
        var model = nn.Sequential(("fc", nn.Linear(4, 4)), ("scale", new Scale()));
        var e = Assert.Throws<ArgumentException>(() => model.Initialize(InitPolicy.Torch, seed: 1));
        Assert.Contains("scale.gamma (Scale)", e.Message);
        Assert.Equal("policy", e.ParamName);

        var gamma = model.get_parameter("scale.gamma")!;
        using (torch.no_grad())
        {
            gamma.fill_(3.0);
        }

        model.Initialize(InitPolicy.Torch.Leave<Scale>(), seed: 1);
        model.Initialize(InitPolicy.Torch.LeaveUnknown(), seed: 1);
        Assert.Equal(3.0, TorchValues.Doubles(gamma).Single());
        model.Initialize(InitPolicy.Torch.With("scale.gamma", new TfInit.Initializers.Ones()), seed: 1);
        Assert.Equal(1.0, TorchValues.Doubles(gamma).Single());
    }

    [Fact]
    public void PoliciesFillHalfPrecisionModelsAndReportEveryTensor()
    {
        var model = nn.Sequential(("fc", nn.Linear(64, 32)), ("bn", nn.BatchNorm1d(32)));
        model.to(ScalarType.BFloat16);
        var report = model.Initialize(InitPolicy.Keras, seed: 5);
        Assert.Equal(ScalarType.BFloat16, model.get_parameter("fc.weight")!.dtype);
        Assert.Equal(["fc.weight", "fc.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"],
            report.Select(r => r.Name));
        Assert.StartsWith("GlorotUniform", report[0].Initializer);
    }

    private static double Max(Tensor t) => TorchValues.Doubles(t).Select(Math.Abs).Max();

    private sealed class Scale : nn.Module<Tensor, Tensor>
    {
        // RegisterComponents names parameters after fields: this one is "gamma".
        private readonly Parameter gamma;

        public Scale()
            : base(nameof(Scale))
        {
            gamma = nn.Parameter(torch.ones(1));
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => input * gamma;
    }
}
