using System.Globalization;
using Activation = TfInit.Keras.Layers.Activation;
using TfInit.Experiments.Training;
using TfInit.Initializers;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Datasets;
using TfInit.Keras.Initialization;
using TfInit.Keras.Layers;
using TfInit.Keras.Tests.Datasets;
using TfInit.Keras.Tests;

namespace TfInit.Experiments.Tests.Training;

public sealed class TrainingRunTests
{
    [Fact]
    public void BatchNormModelIsDenseThenBatchNormThenActivation()
    {
        var spec = new TrainingSpec(new HeNormal(), BatchNorm: true, Depth: 3, Width: 16, Activation: "tanh", Seed: 40);
        var model = TrainingRun.Model(spec, 784, 10);

        Assert.Equal(new long[] { 784 }, model.InputShape);
        Assert.Equal(
            ["Dense", "BatchNormalization", "Activation", "Dense", "BatchNormalization", "Activation", "Dense", "BatchNormalization", "Activation", "Dense"],
            model.Layers.Select(l => l.TypeName));
        for (int i = 0; i < 3; i++)
        {
            var dense = (Dense)model.Layers[3 * i];
            Assert.Equal(16, dense.Units);
            Assert.Equal("linear", dense.Activation); // the nonlinearity comes after the normalization
            Assert.Equal("tanh", ((Activation)model.Layers[(3 * i) + 2]).Function);
        }

        var output = (Dense)model.Layers[^1];
        Assert.Equal(10, output.Units);
        Assert.Equal("linear", output.Activation); // logits
        Assert.Equal(new long[] { 784, 16 }, ((Dense)model.Layers[0]).Kernel.shape);
        Assert.Equal(new long[] { 16, 10 }, output.Kernel.shape);
    }

    [Fact]
    public void PlainModelPutsTheActivationInDense()
    {
        var spec = new TrainingSpec(new GlorotUniform(), Depth: 2, Width: 8);
        var model = TrainingRun.Model(spec, 20, 3);
        Assert.Equal(["Dense", "Dense", "Dense"], model.Layers.Select(l => l.TypeName));
        Assert.Equal(["relu", "relu", "linear"], model.Layers.Cast<Dense>().Select(d => d.Activation));
        Assert.Equal([8, 8, 3], model.Layers.Cast<Dense>().Select(d => d.Units));
    }

    [Fact]
    public void EachLayerGetsItsOwnSeed()
    {
        // The spec's initializer carries no seed (or another one); layer i draws with seed spec.Seed + i.
        var spec = new TrainingSpec(new HeNormal(seed: 999), BatchNorm: true, Depth: 3, Width: 16, Seed: 40);
        var model = TrainingRun.Model(spec, 784, 10);
        var dense = model.Layers.OfType<Dense>().ToList();
        for (int i = 0; i < dense.Count; i++)
        {
            int[] shape = dense[i].Kernel.shape.Select(d => (int)d).ToArray();
            TestData.BitEqual(new HeNormal(seed: 40 + i).GenerateSingle(shape), TestData.Floats(dense[i].Kernel));
        }

        // Layers 1 and 2 have the same shape [16, 16]: one shared seed would give them the same kernel.
        Assert.NotEqual(TestData.Floats(dense[1].Kernel), TestData.Floats(dense[2].Kernel));
    }

    [Fact]
    public void LsuvSpecStartsFromSeededGlorotAndIsLabelledLsuv()
    {
        var spec = new TrainingSpec(null, Depth: 2, Width: 8, Seed: 5);
        Assert.Equal("LSUV", spec.Label);
        Assert.Equal("LSUV + BN", (spec with { BatchNorm = true }).Label);
        var model = TrainingRun.Model(spec, 12, 4);
        var dense = model.Layers.Cast<Dense>().ToList();
        for (int i = 0; i < dense.Count; i++)
        {
            int[] shape = dense[i].Kernel.shape.Select(d => (int)d).ToArray();
            TestData.BitEqual(new GlorotUniform(seed: 5 + i).GenerateSingle(shape), TestData.Floats(dense[i].Kernel));
        }
    }

    [Fact]
    public void LabelsNameTheInitializerInvariantly()
    {
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            Assert.Equal("HeNormal", new TrainingSpec(new HeNormal()).Label);
            Assert.Equal("RandomNormal(0.01)", new TrainingSpec(new RandomNormal(0.0, 0.01)).Label);
            Assert.Equal("RandomNormal(0.01) + BN", new TrainingSpec(new RandomNormal(0.0, 0.01), BatchNorm: true).Label);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void DepthAndWidthMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingRun.Model(new TrainingSpec(new HeNormal(), Depth: 0), 4, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingRun.Model(new TrainingSpec(new HeNormal(), Width: 0), 4, 2));
    }

    /// <summary>A tiny MNIST-format folder: 4 x 4 images, 64 training and 20 test images, labels i % 10.</summary>
    private static MnistDataset TinyDataset(IdxTestFiles.TempDir dir)
    {
        dir.Write("train-images-idx3-ubyte", IdxTestFiles.Images(64, 4, 4));
        dir.Write("train-labels-idx1-ubyte", IdxTestFiles.Labels(64));
        dir.Write("t10k-images-idx3-ubyte", IdxTestFiles.Images(20, 4, 4));
        dir.Write("t10k-labels-idx1-ubyte", IdxTestFiles.Labels(20));
        return MnistDataset.Load(dir.Path);
    }

    [Fact]
    public void RunTrainsAndReportsTheTestAccuracyOfTheLastEpoch()
    {
        using var dir = new IdxTestFiles.TempDir();
        var data = TinyDataset(dir);
        var spec = new TrainingSpec(new HeNormal(), Depth: 2, Width: 8, Epochs: 2, BatchSize: 16, Seed: 3);
        var result = TrainingRun.Run(spec, data);
        Assert.Same(spec, result.Spec);
        Assert.Empty(result.Lsuv);
        Assert.Equal(2, result.History.Epochs.Count);
        Assert.Equal(result.History.Epochs[^1].ValAccuracy, result.TestAccuracy);
        Assert.Equal(0, (result.TestAccuracy * 20) % 1, 1e-9); // a count out of the 20 test images

        // Deterministic end to end: the same spec gives the same history.
        var again = TrainingRun.Run(spec, data);
        Assert.Equal(result.History.Epochs.Select(e => (e.Loss, e.ValLoss)), again.History.Epochs.Select(e => (e.Loss, e.ValLoss)));
    }

    [Fact]
    public void LsuvRunReportsEveryDenseLayer()
    {
        using var dir = new IdxTestFiles.TempDir();
        var result = TrainingRun.Run(new TrainingSpec(null, Depth: 2, Width: 8, Epochs: 1, BatchSize: 32, Optimizer: "adam", LearningRate: 0.001), TinyDataset(dir));
        Assert.Equal([0, 1, 2], result.Lsuv.Select(r => r.Index));
    }

    [Fact]
    public void UnknownOptimizerListsTheValidOnes()
    {
        using var dir = new IdxTestFiles.TempDir();
        var e = Assert.Throws<ArgumentException>(() => TrainingRun.Run(new TrainingSpec(new HeNormal(), Depth: 1, Width: 4, Optimizer: "rmsprop"), TinyDataset(dir)));
        Assert.Contains("'rmsprop'", e.Message);
        Assert.Contains("sgd", e.Message);
        Assert.Contains("adam", e.Message);
    }
}
