using System.Diagnostics;
using System.Globalization;
using TfInit.Experiments.Training;
using TfInit.Initializers;
using TfInit.Keras.Datasets;
using TfInit.Keras.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Benchmarks;

/// <summary>
/// Issue 4's speed target, side by side in one process: one epoch of the deep-mlp model (784 -> 20 ReLU layers of
/// 256 -> 10, SGD lr 0.01 momentum 0.9, batch 64) through TfInit.Keras's Fit, and the same model written directly
/// in TorchSharp (torch.nn Linear/ReLU, torch.optim.SGD). The two alternate so that machine noise hits both; the
/// medians and their ratio are printed.
/// </summary>
internal static class TrainingSpeed
{
    public static int Run(string[] args)
    {
        int repeats = Option(args, "--repeats", 3);
        int limit = Option(args, "--train-limit", 60_000);
        Denormals.SetFlushToZero(true);
        var data = MnistDataset.Load(trainLimit: limit);
        using var x = torch.tensor(data.TrainImages, [data.TrainCount, data.ImageSize]);
        using var y = torch.tensor(data.TrainLabels);
        Console.WriteLine($"one epoch of deep-mlp on {data.TrainCount} images, batch 64, {torch.get_num_threads()} torch threads, {Environment.ProcessorCount} cores");

        var ours = new List<double>();
        var peer = new List<double>();
        for (int r = 0; r < repeats; r++)
        {
            ours.Add(TfInitEpoch(data, seed: r));
            peer.Add(TorchSharpEpoch(x, y, seed: r));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  repeat {r + 1}: TfInit.Keras {ours[^1]:0.00} s, TorchSharp {peer[^1]:0.00} s"));
        }

        double a = Median(ours);
        double b = Median(peer);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: TfInit.Keras {a:0.00} s, TorchSharp {b:0.00} s, ratio {a / b:0.000} (target <= 1.5)"));
        return 0;
    }

    private static double TfInitEpoch(MnistDataset data, int seed)
    {
        var spec = new TrainingSpec(new HeNormal(), Epochs: 1, Seed: seed);
        var model = TrainingRun.Model(spec, data.ImageSize, data.ClassCount);
        model.Compile(new TfInit.Keras.Optimizers.SGD(0.01, 0.9), new TfInit.Keras.Losses.SparseCategoricalCrossentropy(fromLogits: true));
        using var x = torch.tensor(data.TrainImages, [data.TrainCount, data.ImageSize]);
        using var y = torch.tensor(data.TrainLabels);
        var clock = Stopwatch.StartNew();
        model.Fit(x, y, epochs: 1, batchSize: 64, seed: seed);
        return clock.Elapsed.TotalSeconds;
    }

    private static double TorchSharpEpoch(Tensor x, Tensor y, int seed)
    {
        torch.manual_seed(seed);
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inputs = x.shape[1];
        for (int i = 0; i < 20; i++)
        {
            layers.Add(($"fc{i}", nn.Linear(inputs, 256)));
            layers.Add(($"relu{i}", nn.ReLU()));
            inputs = 256;
        }

        layers.Add(("out", nn.Linear(256, 10)));
        using var model = nn.Sequential(layers);
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.EndsWith("weight", StringComparison.Ordinal))
            {
                // He normal's scale with fan_in, so both models train the same kind of net.
                using var noGrad = torch.no_grad();
                p.normal_(0, Math.Sqrt(2.0 / p.shape[1]));
            }
        }

        var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        var loss = nn.CrossEntropyLoss();
        long n = x.shape[0];
        var clock = Stopwatch.StartNew();
        using var order = torch.randperm(n);
        for (long start = 0; start < n; start += 64)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(64, n - start));
            optimizer.zero_grad();
            var output = model.forward(x.index_select(0, index));
            loss.forward(output, y.index_select(0, index)).backward();
            optimizer.step();
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
