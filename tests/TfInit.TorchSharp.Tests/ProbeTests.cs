using TfInit.TorchSharp.Probes;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Tests;

/// <summary>ModuleProbe's statistics against numpy (Python/layer_stats.py), its gradients against autograd, and LSUV.</summary>
public sealed class ProbeTests
{
    private static global::TorchSharp.Modules.Sequential Mlp() => nn.Sequential(
        ("fc1", nn.Linear(200, 300)), ("tanh1", nn.Tanh()), ("fc2", nn.Linear(300, 300)), ("relu2", nn.ReLU()), ("fc3", nn.Linear(300, 10)));

    [Fact]
    public void ActivationStatisticsEqualNumpysOnTheSameOutputs()
    {
        var model = Mlp();
        model.Initialize(InitPolicy.Torch, seed: 1);
        var x = torch.randn([500, 200], generator: new Generator(2));
        var stats = ModuleProbe.Run(model, x, bins: 20);
        Assert.Equal(["fc1", "tanh1", "fc2", "relu2", "fc3"], stats.Select(s => s.Name));

        // The same outputs, computed layer by layer without hooks, go to numpy.
        var outputs = new List<(string, Tensor)>();
        var h = x;
        using (torch.no_grad())
        {
            foreach (var (name, layer) in model.named_children())
            {
                h = ((nn.Module<Tensor, Tensor>)layer).forward(h);
                outputs.Add((name, h));
            }
        }

        string npz = TorchValues.WriteNpz(outputs);
        try
        {
            var numpy = Python.RunScript("layer_stats.py", npz, "20");
            foreach (var s in stats)
            {
                var n = numpy.GetProperty(s.Name);
                Assert.Equal(n.GetProperty("mean").GetDouble(), s.Mean, 1e-12);
                Assert.Equal(n.GetProperty("std").GetDouble(), s.Std, 1e-12);
                Assert.Equal(n.GetProperty("zero").GetDouble(), s.ZeroFraction);
                Assert.Equal(n.GetProperty("saturated").GetDouble(), s.SaturatedFraction);
                Assert.Equal(n.GetProperty("hist").EnumerateArray().Select(e => e.GetInt64()), s.Histogram);
            }
        }
        finally
        {
            File.Delete(npz);
        }

        Assert.InRange(stats.Single(s => s.Name == "relu2").ZeroFraction, 0.3, 0.7);
        Assert.Contains("tanh1", ModuleProbe.Format(stats));
    }

    [Fact]
    public void GradientStatisticsAreAutogradsGradients()
    {
        var model = Mlp();
        model.Initialize(InitPolicy.Keras, seed: 1);
        var x = torch.randn([64, 200], generator: new Generator(3));
        var stats = ModuleProbe.Run(model, x, loss: y => y.square().mean());

        // d mean(y^2) / dy = 2 y / n for the last layer's output.
        Tensor y;
        using (torch.no_grad())
        {
            y = model.forward(x);
        }

        double expectedNorm = y.mul(2.0 / y.numel()).to_type(ScalarType.Float64).norm().item<double>();
        Assert.Equal(expectedNorm, stats[^1].GradientNorm!.Value, expectedNorm * 1e-5);

        // Parameter gradients, as autograd computes them directly.
        var fc1 = model.get_parameter("fc1.weight")!;
        fc1.grad?.zero_();
        model.forward(x).square().mean().backward();
        double direct = fc1.grad!.to_type(ScalarType.Float64).norm().item<double>();
        var reported = stats[0].Parameters.Single(p => p.Name == "fc1.weight");
        Assert.Equal(direct, reported.Norm, direct * 1e-5);
        Assert.True(reported.Std > 0);
    }

    [Fact]
    public void LsuvGivesUnitVarianceOutputsForLinearAndConvLayers()
    {
        var model = nn.Sequential(
            ("conv1", nn.Conv2d(3, 16, 3)), ("relu1", nn.ReLU()), ("conv2", nn.Conv2d(16, 16, 3)), ("relu2", nn.ReLU()),
            ("flat", nn.Flatten()), ("fc1", nn.Linear(16 * 12 * 12, 64)), ("relu3", nn.ReLU()), ("fc2", nn.Linear(64, 10)));
        model.Initialize(InitPolicy.Torch, seed: 4);
        var batch = torch.randn([32, 3, 16, 16], generator: new Generator(5));
        var results = Lsuv.Apply(model, batch, tolVar: 0.05, seed: 6);
        Assert.Equal(["conv1", "conv2", "fc1", "fc2"], results.Select(r => r.Name));

        // Every layer's output variance (recomputed here, population, double) is within tolVar of 1.
        var h = batch;
        using (torch.no_grad())
        {
            foreach (var (name, layer) in model.named_children())
            {
                h = ((nn.Module<Tensor, Tensor>)layer).forward(h);
                if (results.Any(r => r.Name == name))
                {
                    var v = h.to_type(ScalarType.Float64);
                    double variance = v.sub(v.mean()).square().mean().item<double>();
                    Assert.InRange(variance, 0.95, 1.05);
                }
            }
        }

        Assert.True(model.training);
    }

    [Fact]
    public void ProbesAndLsuvRefuseModelsTheyCannotSee()
    {
        var bare = nn.Sequential(("relu", nn.ReLU()));
        Assert.Throws<ArgumentException>(() => Lsuv.Apply(bare, torch.randn(4, 4)));
        Assert.Equal("tolVar", Assert.ThrowsAny<ArgumentException>(() => Lsuv.Apply(Mlp(), torch.randn(4, 200), tolVar: 0)).ParamName);
    }
}
