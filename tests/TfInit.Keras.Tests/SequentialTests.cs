using System.Text.RegularExpressions;
using TfInit.Initializers;
using TfInit.Keras.Layers;
using TfInit.Keras.Models;
using TfInit.Random;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class SequentialTests
{
    private static void AssertRow(string summary, string name, string type, string shape, string parameters)
    {
        string pattern = $@"^\s*{Regex.Escape($"{name} ({type})")}\s+{Regex.Escape(shape)}\s+{Regex.Escape(parameters)}\s*$";
        Assert.True(Regex.IsMatch(summary, pattern, RegexOptions.Multiline), $"No row '{name} ({type}) {shape} {parameters}' in:\n{summary}");
    }

    private static void AssertLine(string summary, string line) =>
        Assert.True(Regex.IsMatch(summary, $@"^\s*{Regex.Escape(line)}\s*$", RegexOptions.Multiline), $"No line '{line}' in:\n{summary}");

    [Fact]
    public void SummaryOfAnMlpMatchesKeras()
    {
        var model = new Sequential([new Dense(64), new BatchNormalization(), new Activation("relu"), new Dense(10, activation: "softmax")]);
        model.Build([784]);
        string summary = model.Summary();

        // Keras: Dense(784 -> 64) = 784 * 64 + 64 = 50,240; BatchNormalization(64) = 4 * 64 = 256 (moving mean and
        // variance, 128, are non-trainable); Dense(64 -> 10) = 650. Total 51,146; trainable 51,018.
        Assert.Contains("Model: \"sequential\"", summary);
        Assert.Contains("Layer (type)", summary);
        Assert.Contains("Output Shape", summary);
        Assert.Contains("Param #", summary);
        AssertRow(summary, "dense", "Dense", "(None, 64)", "50,240");
        AssertRow(summary, "batch_normalization", "BatchNormalization", "(None, 64)", "256");
        AssertRow(summary, "activation", "Activation", "(None, 64)", "0");
        AssertRow(summary, "dense_1", "Dense", "(None, 10)", "650");
        AssertLine(summary, "Total params: 51,146");
        AssertLine(summary, "Trainable params: 51,018");
        AssertLine(summary, "Non-trainable params: 128");
        Assert.Equal(new[] { "dense", "batch_normalization", "activation", "dense_1" }, model.Layers.Select(l => l.Name));
    }

    [Fact]
    public void SummaryOfAConvNetMatchesKeras()
    {
        var model = new Sequential(
        [
            new Conv2D(8, (3, 3), activation: "relu"),
            new Conv2D(16, (3, 3), strides: (2, 2), padding: "same"),
            new Flatten(),
            new Dropout(0.5),
            new Dense(10),
        ]);
        model.Build([28, 28, 1]);
        string summary = model.Summary();

        // conv2d: 3*3*1*8 + 8 = 80 -> (26, 26, 8); conv2d_1: 3*3*8*16 + 16 = 1,168 -> ceil(26 / 2) = 13;
        // flatten: 13*13*16 = 2,704; dense: 2,704 * 10 + 10 = 27,050. Total 28,298, all trainable.
        AssertRow(summary, "conv2d", "Conv2D", "(None, 26, 26, 8)", "80");
        AssertRow(summary, "conv2d_1", "Conv2D", "(None, 13, 13, 16)", "1,168");
        AssertRow(summary, "flatten", "Flatten", "(None, 2704)", "0");
        AssertRow(summary, "dropout", "Dropout", "(None, 2704)", "0");
        AssertRow(summary, "dense", "Dense", "(None, 10)", "27,050");
        AssertLine(summary, "Total params: 28,298");
        AssertLine(summary, "Trainable params: 28,298");
        AssertLine(summary, "Non-trainable params: 0");

        using var x = TestData.Normal32(61, 1.0, 3, 28, 28, 1);
        using var y = model.Call(x);
        Assert.Equal(new long[] { 3, 10 }, y.shape);
    }

    [Fact]
    public void GivenNamesAreKept()
    {
        var model = new Sequential([new Dense(2, name: "hidden"), new Dense(2, name: "out")], name: "net");
        Assert.Equal(new[] { "hidden", "out" }, model.Layers.Select(l => l.Name));
        Assert.Contains("Model: \"net\"", model.Summary());
    }

    [Fact]
    public void AutomaticNamesCountOnlyUnnamedLayersAndNeverCollide()
    {
        // Keras numbers only auto-named layers: a named layer does not use up "dense".
        var model = new Sequential([new Dense(2, name: "hidden"), new Dense(2), new Dense(2)]);
        Assert.Equal(new[] { "hidden", "dense", "dense_1" }, model.Layers.Select(l => l.Name));

        // A given name that looks automatic is never handed out a second time.
        var tricky = new Sequential([new Dense(2, name: "dense_1"), new Dense(2), new Dense(2), new Dense(2)]);
        var names = tricky.Layers.Select(l => l.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal("dense", names[1]);

        // A given name used twice is an error, as in Keras's Sequential.add.
        var e = Assert.ThrowsAny<ArgumentException>(() => new Sequential([new Dense(2), new Dense(2, name: "dense")]));
        Assert.Contains("'dense'", e.Message);
    }

    [Fact]
    public void SharedNumPyStreamReproducesTheNumPyScript()
    {
        // Reference from numpy 1.24 (legacy RandomState), independent of this library:
        //   np.random.seed(5)
        //   W1 = np.random.randn(4, 3) * np.sqrt(1.0 / 4)
        //   W2 = np.random.randn(3, 2) * np.sqrt(1.0 / 3)
        // printed with repr (shortest round-trip), so parsing gives numpy's exact doubles.
        double[] w1 =
        [
            0.22061374344252072, -0.16543507594704382, 1.21538559350389, -0.12604606480153846, 0.05480492078909139, 0.7912405585307817,
            -0.45461620242812095, -0.2958183289651442, 0.09380161291851774, -0.16493497888967962, -0.596382306210903, -0.10243825529379365,
        ];
        double[] w2 = [-0.20716998914419765, 0.348414492214887, -0.961166105634284, -0.40424855589122655, 0.6647559092699327, 1.0723305569992365];

        // VarianceScaling(1, fan_in, untruncated_normal) is randn * sqrt(1 / fan_in); Zeros biases draw nothing.
        var model = new Sequential(
        [
            new Dense(3, activation: "tanh", kernelInitializer: new VarianceScaling(1.0, "fan_in", "untruncated_normal")),
            new Dense(2, kernelInitializer: new VarianceScaling(1.0, "fan_in", "untruncated_normal")),
        ]);
        model.Build([4], ScalarType.Float64, new NumPyRandomState(5));

        // Bit for bit in float64, as DESIGN.md promises for the NumPy stream.
        TestData.BitEqual(w1, TestData.Values(((Dense)model.Layers[0]).Kernel));
        TestData.BitEqual(w2, TestData.Values(((Dense)model.Layers[1]).Kernel));
    }

    [Fact]
    public void SharedStreamDrawsKernelsInLayerOrder()
    {
        var init1 = new VarianceScaling(2.0, "fan_in", "untruncated_normal");
        var init2 = new RandomUniform(-0.3, 0.3);
        var init3 = new GlorotNormal();
        var model = new Sequential(
        [
            new Dense(5, kernelInitializer: init1),
            new BatchNormalization(),
            new Dense(3, kernelInitializer: init2, biasInitializer: new RandomNormal(0, 0.1)),
            new Dense(2, kernelInitializer: init3, useBias: false),
        ]);
        model.Build([4], stream: new NumPyRandomState(9));

        // Expected: the same initializers drawing in the same order from a fresh state with the same seed.
        var fresh = new NumPyRandomState(9);
        float[] k1 = init1.GenerateSingle(fresh, 4, 5);
        float[] k2 = init2.GenerateSingle(fresh, 5, 3);
        float[] b2 = new RandomNormal(0, 0.1).GenerateSingle(fresh, 3);
        float[] k3 = init3.GenerateSingle(fresh, 3, 2);

        TestData.BitEqual(k1, TestData.Floats(((Dense)model.Layers[0]).Kernel));
        TestData.BitEqual(k2, TestData.Floats(((Dense)model.Layers[2]).Kernel));
        TestData.BitEqual(b2, TestData.Floats(model.Layers[2].Weights[1].Value));
        TestData.BitEqual(k3, TestData.Floats(((Dense)model.Layers[3]).Kernel));

        // The order matters: the second kernel is not what a fresh state would give first.
        Assert.NotEqual(init2.GenerateSingle(new NumPyRandomState(9), 5, 3), TestData.Floats(((Dense)model.Layers[2]).Kernel));
    }

    [Fact]
    public void WithoutAStreamEachInitializerUsesItsOwnSeed()
    {
        var model = new Sequential([new Dense(3, kernelInitializer: new HeNormal(seed: 1)), new Dense(3, kernelInitializer: new HeNormal(seed: 1))]);
        model.Build([3]);
        // Same seed, same shape, own streams: identical kernels (Keras 3: an instance's values depend only on its seed).
        TestData.BitEqual(TestData.Floats(((Dense)model.Layers[0]).Kernel), TestData.Floats(((Dense)model.Layers[1]).Kernel));
    }

    [Fact]
    public void ForwardChainsTheLayers()
    {
        var model = new Sequential([new Dense(4, activation: "tanh", kernelInitializer: new RandomNormal(0, 1, seed: 2)), new Dense(2, kernelInitializer: new RandomNormal(0, 1, seed: 3))]);
        model.Build([3], ScalarType.Float64);
        using var x = TestData.Normal64(62, 1.0, 5, 3);
        using var y = model.Call(x);
        using var h = model.Layers[0].Call(x);
        using var expected = model.Layers[1].Call(h);
        TestData.BitEqual(TestData.Values(expected), TestData.Values(y));
    }

    [Fact]
    public void MismatchedInputShapeThrowsNamingBothShapes()
    {
        var model = new Sequential([new Dense(3)]);
        model.Build([4]);
        using var x = zeros(2, 5);
        var e = Assert.ThrowsAny<ArgumentException>(() => model.Call(x));
        Assert.Contains("(2, 5)", e.Message);
        Assert.Contains("(batch, 4)", e.Message);

        using var x3 = zeros(2, 4, 1);
        var e3 = Assert.ThrowsAny<ArgumentException>(() => model.Call(x3));
        Assert.Contains("(2, 4, 1)", e3.Message);
    }

    [Fact]
    public void CallingBeforeBuildThrows()
    {
        var model = new Sequential([new Dense(3)]);
        using var x = zeros(2, 4);
        Assert.Throws<InvalidOperationException>(() => model.Call(x));
        Assert.False(model.Built);
    }

    [Fact]
    public void BadInputShapesAndLateAddsThrow()
    {
        Assert.ThrowsAny<ArgumentException>(() => new Sequential([new Dense(3)]).Build([]));
        Assert.ThrowsAny<ArgumentException>(() => new Sequential([new Dense(3)]).Build([0]));
        var model = new Sequential([new Dense(3)]);
        model.Build([2]);
        Assert.Throws<InvalidOperationException>(() => model.Add(new Dense(1)));
    }
}
