using TfInit.Initializers;
using TfInit.Keras.Layers;
using static TorchSharp.torch;
using Sequential = TfInit.Keras.Models.Sequential;

namespace TfInit.Keras.Tests.Training;

/// <summary>Sequential.LoadPretrained: pretrained initialization from a Keras-layout .npz, strict and transfer mode.</summary>
public sealed class PretrainedTests
{
    // Names are given so that the backbone keeps its keys whatever head follows.
    private static Sequential Model(int classes, long seed)
    {
        var model = new Sequential(
        [
            new Dense(8, "relu", kernelInitializer: new GlorotUniform(seed), name: "body"),
            new BatchNormalization(name: "norm"),
            new Dense(classes, kernelInitializer: new GlorotUniform(seed + 1), name: "head"),
        ]);
        model.Build([4]);
        return model;
    }

    private static double[] Values(Sequential model, string layer, string weight) =>
        TestData.Values(model.Layers.Single(l => l.Name == layer).Weights.Single(w => w.Name == weight).Value);

    [Fact]
    public void StrictLoadOfTheSameArchitectureIsExact()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "w.npz");
        var source = Model(3, seed: 1);
        source.SaveWeights(path);
        var target = Model(3, seed: 50);
        var report = target.LoadPretrained(path);
        Assert.True(report.IsExact, report.ToString());
        Assert.Equal(8, report.Loaded.Count);
        TestData.BitEqual(Synthetic.Weights(source), Synthetic.Weights(target));
    }

    [Fact]
    public void TransferModeLoadsTheBackboneAndKeepsTheNewHeadsInitializer()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "w.npz");
        var source = Model(3, seed: 1);
        source.SaveWeights(path);

        var target = Model(5, seed: 50);
        var e = Assert.Throws<ArgumentException>(() => target.LoadPretrained(path));
        Assert.Equal("path", e.ParamName);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("head/kernel is [8, 3] in the checkpoint, [8, 5] in the model", e.Message);

        var report = target.LoadPretrained(path, strict: false);
        Assert.Equal(["head/kernel", "head/bias"], report.ShapeMismatched.Select(m => m.Name));
        Assert.Equal(["head/kernel", "head/bias"], report.Initialized);
        Assert.Equal(Values(source, "body", "kernel"), Values(target, "body", "kernel"));
        // The head keeps what its own initializer (GlorotUniform(seed 51)) drew at Build.
        Assert.Equal(Values(Model(5, seed: 50), "head", "kernel"), Values(target, "head", "kernel"));
    }

    [Fact]
    public void UnexpectedAndMissingKeysAreReported()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "w.npz");
        Model(3, seed: 1).SaveWeights(path);
        var smaller = new Sequential([new Dense(8, "relu", name: "body")]);
        smaller.Build([4]);
        var report = smaller.LoadPretrained(path, strict: false);
        Assert.Equal(["body/kernel", "body/bias"], report.Loaded);
        Assert.Contains("head/kernel", report.Unexpected);
        Assert.Empty(report.Missing);
    }
}
