using TfInit.Initializers;
using TfInit.Keras.Layers;
using TfInit.Serialization;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests;

public sealed class DenseTests
{
    [Fact]
    public void KernelIsKerasLayoutAndBitEqualToTheInitializer()
    {
        var dense = new Dense(5, kernelInitializer: new GlorotUniform(seed: 3));
        dense.Build([7]);

        Assert.Equal(new long[] { 7, 5 }, dense.Kernel.shape); // Keras [in, out], not torch's [out, in]
        Assert.Equal(ScalarType.Float32, dense.Kernel.dtype);
        // The core fills [7, 5] row-major; the tensor must hold the same floats in the same order, untouched.
        TestData.BitEqual(new GlorotUniform(seed: 3).GenerateSingle(7, 5), TestData.Floats(dense.Kernel));
        Assert.Equal(new long[] { 5 }, dense.OutputShape);
    }

    [Theory]
    [InlineData("tf.contrib.layers.xavier_initializer(seed=3)")]
    [InlineData("keras.initializers.GlorotUniform(seed=3)")]
    public void KernelInitializerStringMayBePythonCode(string code)
    {
        // The string form of kernelInitializer takes what KerasJson.Deserialize takes, Python code included.
        var dense = new Dense(5, kernelInitializer: code);
        dense.Build([7]);
        var expected = code.StartsWith("tf.", StringComparison.Ordinal)
            ? (TfInit.Initializers.Initializer)new TfInit.Initializers.XavierInitializer(true, 3)
            : new GlorotUniform(seed: 3);
        Assert.Equal(expected.GetType(), dense.KernelInitializer.GetType());
        TestData.BitEqual(expected.GenerateSingle(7, 5), TestData.Floats(dense.Kernel));
    }

    [Fact]
    public void NumPyLinesAsKernelInitializerDrawTheLayersShape()
    {
        var dense = new Dense(4, kernelInitializer: "W = np.random.randn(n_in, n_out) * np.sqrt(2/n_in)");
        dense.Build([6]);
        Assert.Equal(new long[] { 6, 4 }, dense.Kernel.shape);
        Assert.Equal("NumPySnippet", dense.KernelInitializer.ClassName);
    }

    [Fact]
    public void Float64KernelIsBitEqualToTheDoubleDraw()
    {
        var dense = new Dense(4, kernelInitializer: new HeNormal(seed: 8));
        dense.Build([6], ScalarType.Float64);

        Assert.Equal(ScalarType.Float64, dense.Kernel.dtype);
        TestData.BitEqual(new HeNormal(seed: 8).Generate(6, 4), TestData.Values(dense.Kernel));
    }

    [Fact]
    public void DefaultsAreGlorotUniformKernelAndZerosBias()
    {
        var dense = new Dense(3);
        Assert.IsType<GlorotUniform>(dense.KernelInitializer);
        Assert.IsType<Zeros>(dense.BiasInitializer);
        Assert.True(dense.UseBias);
        Assert.Equal("linear", dense.Activation);

        dense.Build([4]);
        Assert.Equal(new[] { "kernel", "bias" }, dense.Weights.Select(w => w.Name));
        Assert.Equal(new long[] { 3 }, dense.Weights[1].Value.shape);
        Assert.All(TestData.Values(dense.Weights[1].Value), b => Assert.Equal(0.0, b));
        Assert.All(dense.Weights, w => Assert.True(w.Trainable));
        Assert.Equal(4 * 3 + 3, dense.ParamCount);

        // Glorot uniform's limit for [4, 3]: sqrt(6 / (4 + 3)); every value inside, and not all equal.
        double limit = Math.Sqrt(6.0 / 7.0);
        var kernel = TestData.Values(dense.Kernel);
        Assert.All(kernel, k => Assert.InRange(Math.Abs(k), 0.0, limit));
        Assert.True(kernel.Distinct().Count() > 1);
    }

    [Fact]
    public void ForwardEqualsHandWrittenMatMulPlusBias()
    {
        const int batch = 4, inputs = 7, units = 5;
        var dense = new Dense(units, kernelInitializer: new GlorotUniform(seed: 1), biasInitializer: new RandomUniform(-1, 1, seed: 2));
        dense.Build([inputs]);
        using var x = TestData.Normal32(10, 1.0, batch, inputs);
        using var y = dense.Call(x);

        double[] xs = TestData.Values(x), w = TestData.Values(dense.Kernel), b = TestData.Values(dense.Weights[1].Value);
        Assert.Contains(b, v => v != 0); // the bias really takes part
        var expected = new double[batch * units];
        for (int n = 0; n < batch; n++)
        {
            for (int j = 0; j < units; j++)
            {
                double sum = b[j];
                for (int i = 0; i < inputs; i++)
                {
                    sum += xs[n * inputs + i] * w[i * units + j];
                }

                expected[n * units + j] = sum;
            }
        }

        Assert.Equal(new long[] { batch, units }, y.shape);
        // float32 matmul of 7 terms of size <~3: rounding error ~ 7 * 6e-8 * 3 ~ 1e-6; 1e-5 leaves margin
        // while any wrong index (transposed kernel, missing bias) gives errors of order 0.1 to 1.
        TestData.Close(expected, TestData.Values(y), 1e-5, "x.W+b");
    }

    [Fact]
    public void ActivationIsAppliedAfterTheAffineMap()
    {
        var dense = new Dense(3, activation: "relu", kernelInitializer: new RandomNormal(0, 1, seed: 4), biasInitializer: new Constant(-0.25));
        dense.Build([5]);
        using var x = TestData.Normal32(11, 1.0, 6, 5);
        using var y = dense.Call(x);
        double[] xs = TestData.Values(x), w = TestData.Values(dense.Kernel), ys = TestData.Values(y);
        var expected = new double[6 * 3];
        for (int n = 0; n < 6; n++)
        {
            for (int j = 0; j < 3; j++)
            {
                double z = -0.25;
                for (int i = 0; i < 5; i++)
                {
                    z += xs[n * 5 + i] * w[i * 3 + j];
                }

                expected[n * 3 + j] = Math.Max(z, 0);
            }
        }

        TestData.Close(expected, ys, 1e-5, "relu(x.W+b)"); // same float32 rounding budget as above
        Assert.Contains(ys, v => v == 0);
    }

    [Fact]
    public void UseBiasFalseHasNoBiasWeight()
    {
        var dense = new Dense(3, useBias: false, kernelInitializer: new RandomNormal(0, 1, seed: 5));
        dense.Build([2]);
        Assert.Equal(new[] { "kernel" }, dense.Weights.Select(w => w.Name));
        Assert.Equal(6, dense.ParamCount);

        using var x = tensor(new float[] { 1, 0, 0, 1 }, [2, 2]);
        using var y = dense.Call(x);
        // With one-hot rows and no bias, the output rows are exactly the kernel's rows.
        TestData.BitEqual(TestData.Floats(dense.Kernel), TestData.Floats(y));
    }

    [Fact]
    public void InitializerByNameIsResolved()
    {
        var dense = new Dense(3, kernelInitializer: "he_normal", biasInitializer: "ones");
        Assert.IsType<HeNormal>(dense.KernelInitializer);
        Assert.IsType<Ones>(dense.BiasInitializer);
        dense.Build([4]);
        Assert.All(TestData.Values(dense.Weights[1].Value), b => Assert.Equal(1.0, b));
    }

    [Fact]
    public void InitializerAsKerasJsonKeepsItsConfigAndSeed()
    {
        const string json = """{"module": "keras.initializers", "class_name": "VarianceScaling", "config": {"scale": 2.0, "mode": "fan_out", "distribution": "uniform", "seed": 11}, "registered_name": null}""";
        var dense = new Dense(6, kernelInitializer: json);
        var vs = Assert.IsType<VarianceScaling>(dense.KernelInitializer);
        Assert.Equal(2.0, vs.Scale);
        Assert.Equal("fan_out", vs.Mode);
        Assert.Equal("uniform", vs.Distribution);
        Assert.Equal(11L, vs.Seed);

        dense.Build([3]);
        TestData.BitEqual(new VarianceScaling(2.0, "fan_out", "uniform", seed: 11).GenerateSingle(3, 6), TestData.Floats(dense.Kernel));

        // Keras 2 form (no module / registered_name) as well.
        var keras2 = new Dense(2, kernelInitializer: """{"class_name": "HeNormal", "config": {"seed": 9}}""");
        Assert.Equal(9L, Assert.IsType<HeNormal>(keras2.KernelInitializer).Seed);
    }

    [Fact]
    public void InitializerAsObjectIsUsedAsIs()
    {
        var init = new LecunNormal(seed: 12);
        var dense = new Dense(4, kernelInitializer: init);
        Assert.Same(init, dense.KernelInitializer);
        dense.Build([9]);
        TestData.BitEqual(new LecunNormal(seed: 12).GenerateSingle(9, 4), TestData.Floats(dense.Kernel));
    }

    [Fact]
    public void UnknownInitializerNameThrowsListingValidNames()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Dense(3, kernelInitializer: "he_normall"));
        Assert.Contains("he_normall", e.Message);
        foreach (string name in new[] { "glorot_uniform", "he_normal", "lecun_normal", "zeros", "orthogonal" })
        {
            Assert.Contains(name, e.Message);
        }

        // No silent fallback to glorot_uniform (TensorFlow.NET's defect), also via JSON.
        Assert.ThrowsAny<ArgumentException>(() => new Dense(3, kernelInitializer: """{"class_name": "NoSuchInit", "config": {}}"""));
        Assert.True(InitializerRegistry.Names.Count > 10);
    }

    [Fact]
    public void UnknownActivationThrowsListingValidNames()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Dense(3, activation: "relu6"));
        Assert.Contains("relu6", e.Message);
        Assert.All(Activations.Names, name => Assert.Contains(name, e.Message));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void NonPositiveUnitsThrow(int units)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(units));
        Assert.Equal("units", e.ParamName);
    }

    [Fact]
    public void DenseAppliesToTheLastAxisOfHigherRankInputs()
    {
        var dense = new Dense(2, kernelInitializer: new RandomNormal(0, 1, seed: 6), biasInitializer: new Constant(0.5));
        dense.Build([3, 4]);
        Assert.Equal(new long[] { 4, 2 }, dense.Kernel.shape);
        Assert.Equal(new long[] { 3, 2 }, dense.OutputShape);
        using var x = TestData.Normal32(12, 1.0, 2, 3, 4);
        using var y = dense.Call(x);
        Assert.Equal(new long[] { 2, 3, 2 }, y.shape);
        double[] xs = TestData.Values(x), w = TestData.Values(dense.Kernel);
        var expected = new double[2 * 3 * 2];
        for (int r = 0; r < 6; r++)
        {
            for (int j = 0; j < 2; j++)
            {
                double z = 0.5;
                for (int i = 0; i < 4; i++)
                {
                    z += xs[r * 4 + i] * w[i * 2 + j];
                }

                expected[r * 2 + j] = z;
            }
        }

        TestData.Close(expected, TestData.Values(y), 1e-5, "rank-3 dense"); // float32, 4 terms
    }

    [Fact]
    public void BuildingTwiceAndCallingUnbuiltThrow()
    {
        var dense = new Dense(2);
        using var x = zeros(1, 3);
        Assert.Throws<InvalidOperationException>(() => dense.Call(x));
        Assert.Throws<InvalidOperationException>(() => dense.Kernel);
        dense.Build([3]);
        Assert.Throws<InvalidOperationException>(() => dense.Build([3]));
    }

    [Theory]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Int32)]
    public void NarrowAndIntegerDtypesAreRefusedSayingWhatToUseInstead(ScalarType dtype)
    {
        var error = Assert.Throws<ArgumentException>(() => new Dense(4).Build([3], dtype));
        Assert.Equal("dtype", error.ParamName);
        Assert.Contains("Float32 or Float64", error.Message, StringComparison.Ordinal);
        Assert.Contains("TensorFill", error.Message, StringComparison.Ordinal);
    }
}
