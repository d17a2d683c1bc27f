using TfInit.NumPy;
using TfInit.Checkpoints;
using TfInit.TorchSharp.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Tests;

/// <summary>Checkpoints written by PyTorch 1.13 (Python/write_checkpoints.py) load into TorchSharp models by name.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tfinit-ckpt-").FullName;
    private readonly string[] _keys;

    public CheckpointTests()
    {
        _keys = Python.RunScript("write_checkpoints.py", _dir).GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Keep in step with the model in Python/write_checkpoints.py.
    private static nn.Module Cnn(int classes = 10, bool extra = false)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>
        {
            ("conv1", nn.Conv2d(1, 8, 3)), ("bn1", nn.BatchNorm2d(8)), ("relu1", nn.ReLU()),
            ("conv2", nn.Conv2d(8, 16, 3)), ("relu2", nn.ReLU()), ("flat", nn.Flatten()), ("fc", nn.Linear(16 * 4 * 4, classes)),
        };
        if (extra)
        {
            layers.Add(("extra", nn.Linear(classes, classes)));
        }

        return nn.Sequential(layers.ToArray());
    }

    [Theory]
    [InlineData("cnn.pt")]
    [InlineData("cnn.bin")]
    [InlineData("cnn.safetensors")]
    public void PyTorchStateDictsLoadExactly(string file)
    {
        var model = Cnn();
        var report = Checkpoint.Load(model, Path.Combine(_dir, file));
        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(_keys.Order(StringComparer.Ordinal), report.Loaded.Order(StringComparer.Ordinal));

        var expected = NpzFile.ReadAll(Path.Combine(_dir, "values.npz"));
        var state = TorchValues.State(model);
        foreach (string key in _keys)
        {
            Assert.Equal(expected[key].Values.ToArray(), TorchValues.Doubles(state[key]));
        }

        // The running statistics are PyTorch's trained ones, not the defaults.
        Assert.Equal(1, TorchValues.Doubles(state["bn1.num_batches_tracked"]).Single());
    }

    [Fact]
    public void TransferLoadsTheBackboneAndInitializesTheNewHead()
    {
        var model = Cnn(classes: 5);
        var report = Checkpoint.Transfer(model, Path.Combine(_dir, "cnn.pt"), InitPolicy.Keras, seed: 9);
        Assert.Equal(["fc.weight", "fc.bias"], report.ShapeMismatched.Select(m => m.Name));
        Assert.Equal(["fc.weight", "fc.bias"], report.Initialized);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Unexpected);

        var expected = NpzFile.ReadAll(Path.Combine(_dir, "values.npz"));
        var state = TorchValues.State(model);
        Assert.Equal(expected["conv2.weight"].Values.ToArray(), TorchValues.Doubles(state["conv2.weight"]));

        // Name-keyed seeds: the head is what a full InitPolicy.Keras initialization with seed 9 gives it.
        var reference = Cnn(classes: 5);
        reference.Initialize(InitPolicy.Keras, seed: 9);
        Assert.Equal(TorchValues.Doubles(reference.get_parameter("fc.weight")!), TorchValues.Doubles(state["fc.weight"]));
        Assert.All(TorchValues.Doubles(state["fc.bias"]), b => Assert.Equal(0, b));
    }

    [Fact]
    public void StrictModeGivesOneClearLineAndWritesNothing()
    {
        var model = Cnn(classes: 5, extra: true);
        double[] before = TorchValues.Doubles(model.get_parameter("conv1.weight")!);
        var e = Assert.Throws<ArgumentException>(() => Checkpoint.Load(model, Path.Combine(_dir, "cnn.safetensors")));
        Assert.Equal("path", e.ParamName);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("missing in the checkpoint: extra.weight, extra.bias", e.Message);
        Assert.Contains("fc.weight is [10, 256] in the checkpoint, [5, 256] in the model", e.Message);
        Assert.Equal(before, TorchValues.Doubles(model.get_parameter("conv1.weight")!));

        var report = Checkpoint.Load(model, Path.Combine(_dir, "cnn.pt"), strict: false);
        Assert.Equal(["extra.weight", "extra.bias"], report.Missing);
        Assert.Equal(2, report.ShapeMismatched.Count);
        Assert.Contains("conv1.weight", report.Loaded);
    }

    [Fact]
    public void UnexpectedKeysAreReported()
    {
        var model = nn.Sequential(("conv1", nn.Conv2d(1, 8, 3)));
        var report = Checkpoint.Load(model, Path.Combine(_dir, "cnn.pt"), strict: false);
        Assert.Equal(["conv1.weight", "conv1.bias"], report.Loaded);
        Assert.Contains("fc.weight", report.Unexpected);
        Assert.Throws<ArgumentException>(() => Checkpoint.Load(model, Path.Combine(_dir, "cnn.pt")));
    }

    [Fact]
    public void UnreadableFilesAreClearErrors()
    {
        var model = Cnn();
        var legacy = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(model, Path.Combine(_dir, "legacy.pt")));
        Assert.Contains("legacy.pt", legacy.Message);
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(model, Path.Combine(_dir, "nope.pt")));
    }
}
