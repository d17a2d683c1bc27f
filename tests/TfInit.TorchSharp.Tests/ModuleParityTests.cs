using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Tests;

/// <summary>
/// The same modules in PyTorch 1.13 (Debian's python3-torch) and TorchSharp 0.107: parameter names and shapes agree,
/// and InitPolicy.Torch draws each parameter from PyTorch's own distribution (Python/module_parity.py is the oracle).
/// </summary>
public sealed class ModuleParityTests
{
    // Keep in step with modules() in Python/module_parity.py.
    internal static nn.Module Build() => new Container(
        ("linear", nn.Linear(200, 100)),
        ("conv1d", nn.Conv1d(8, 16, 3)),
        ("conv2d", nn.Conv2d(16, 32, 3)),
        ("conv3d", nn.Conv3d(4, 8, 3)),
        ("convt1d", nn.ConvTranspose1d(16, 8, 5)),
        ("convt2d", nn.ConvTranspose2d(16, 8, 3)),
        ("convt3d", nn.ConvTranspose3d(8, 4, 3)),
        ("bn1d", nn.BatchNorm1d(10)),
        ("bn2d", nn.BatchNorm2d(16)),
        ("bn3d", nn.BatchNorm3d(4)),
        ("inorm", nn.InstanceNorm2d(8, affine: true)),
        ("ln", nn.LayerNorm(32)),
        ("gn", nn.GroupNorm(4, 16)),
        ("emb", nn.Embedding(400, 16, padding_idx: 3)),
        ("rnn", nn.RNN(10, 20, numLayers: 2)),
        ("lstm", nn.LSTM(10, 20, bidirectional: true)),
        ("gru", nn.GRU(10, 20)),
        ("rnncell", nn.RNNCell(10, 20)),
        ("lstmcell", nn.LSTMCell(10, 20)),
        ("grucell", nn.GRUCell(10, 20)),
        ("mha", nn.MultiheadAttention(32, 4)),
        ("mhakv", nn.MultiheadAttention(32, 4, add_bias_kv: true, kdim: 8, vdim: 8)));

    private static readonly Lazy<(Dictionary<string, long[]> Ours, Dictionary<string, JsonElement> Oracle)> Run = new(() =>
    {
        var model = Build();
        model.Initialize(InitPolicy.Torch, seed: 7);
        var state = TorchValues.State(model);
        string npz = TorchValues.WriteNpz(state.Select(kv => (kv.Key, kv.Value)));
        try
        {
            var json = Python.RunScript("module_parity.py", npz);
            return (state.ToDictionary(kv => kv.Key, kv => kv.Value.shape),
                json.EnumerateObject().ToDictionary(p => p.Name, p => p.Value));
        }
        finally
        {
            File.Delete(npz);
        }
    });

    [Fact]
    public void ParameterAndBufferNamesAndShapesMatchPyTorch()
    {
        var (ours, oracle) = Run.Value;
        Assert.Equal(oracle.Keys.Order(StringComparer.Ordinal), ours.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape) in ours)
        {
            Assert.True(oracle[name].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).SequenceEqual(shape),
                $"{name}: TorchSharp shape [{string.Join(", ", shape)}], PyTorch {oracle[name].GetProperty("shape")}");
        }
    }

    [Fact]
    public void TorchPolicyDrawsFromPyTorchsOwnDistributions()
    {
        var (_, oracle) = Run.Value;
        var failures = new List<string>();
        foreach (var (name, entry) in oracle)
        {
            // Constants (ones, zeros, running statistics) must be equal to the bit.
            if (entry.TryGetProperty("exact", out var exact) && !exact.GetBoolean())
            {
                failures.Add($"{name}: values differ from PyTorch's constant (or the padding row is not zero)");
            }

            // Two-sample KS of our values against PyTorch's own: with 60 tested tensors at alpha 1e-4 a false alarm has
            // probability below 1%; a wrong bound or distribution (e.g. a 10% scale error on 4,608 values) gives p < 1e-10.
            if (entry.TryGetProperty("p", out var p) && p.GetDouble() < 1e-4)
            {
                failures.Add($"{name}: KS p = {p.GetDouble():G3} against PyTorch's values");
            }

            // Exact bounds: PyTorch's bound (its own formula, float32) is never exceeded, and with thousands of values
            // the largest comes within 2% of it.
            if (entry.TryGetProperty("bound", out var b))
            {
                double bound = b.GetDouble();
                double max = entry.GetProperty("ours_max").GetDouble();
                int count = entry.GetProperty("shape").EnumerateArray().Aggregate(1, (a, d) => a * d.GetInt32());
                if (max > bound || (count >= 1000 && max < 0.98 * bound))
                {
                    failures.Add($"{name}: max |x| = {max:R}, PyTorch's bound {bound:R}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Contains(oracle, kv => kv.Value.TryGetProperty("bound", out _));
        Assert.Contains(oracle, kv => kv.Value.TryGetProperty("p", out _));
    }

    [Fact]
    public void MultiheadAttentionOwnsOutProjWeightDirectly()
    {
        // TorchSharp 0.107's MultiheadAttention is native with no child Linear: out_proj.weight is its own parameter.
        var mha = nn.MultiheadAttention(32, 4);
        Assert.Contains("out_proj.weight", mha.named_parameters(recurse: false).Select(p => p.name));
        Assert.Empty(mha.named_modules().ToList());
    }
}
