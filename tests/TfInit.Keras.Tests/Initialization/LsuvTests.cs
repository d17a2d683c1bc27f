using Sequential = TfInit.Keras.Models.Sequential;
using TfInit.Initializers;
using TfInit.Keras.Initialization;
using TfInit.Keras.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Initialization;

public sealed class LsuvTests
{
    private const int Width = 32;
    private const int Batch = 256;

    /// <summary>
    /// 32 -> 7 x Dense(32, relu) -> Dense(10): eight Dense layers, with a Dropout (identity at inference) after the
    /// third so layer positions and Dense positions differ. Glorot kernels and small random biases.
    /// </summary>
    private static Sequential Model()
    {
        var model = new Sequential();
        for (int i = 0; i < 7; i++)
        {
            model.Add(new Dense(Width, "relu", kernelInitializer: new GlorotUniform(10 + i), biasInitializer: new RandomUniform(-0.1, 0.1, 20 + i)));
            if (i == 2)
            {
                model.Add(new Dropout(0.3));
            }
        }

        model.Add(new Dense(10, kernelInitializer: new GlorotUniform(30), biasInitializer: new RandomUniform(-0.1, 0.1, 31)));
        model.Build([Width]);
        return model;
    }

    private static Tensor Data() => TestData.Normal32(5, 1.0, Batch, Width);

    private static int[] DenseIndices(Sequential model) =>
        model.Layers.Select((l, i) => (l, i)).Where(t => t.l is Dense).Select(t => t.i).ToArray();

    /// <summary>
    /// The population variance of every layer's output, by a forward pass written in double from the layers' weights
    /// (Dense: relu(h K + b) or h K + b; Dropout: identity at inference).
    /// </summary>
    private static double[] Variances(Sequential model, Tensor batch)
    {
        double[] h = TestData.Values(batch);
        int inputs = Width;
        var result = new double[model.Layers.Count];
        for (int index = 0; index < model.Layers.Count; index++)
        {
            if (model.Layers[index] is Dense dense)
            {
                double[] k = TestData.Values(dense.Kernel), b = TestData.Values(dense.Weights[1].Value);
                int units = dense.Units;
                var next = new double[Batch * units];
                for (int n = 0; n < Batch; n++)
                {
                    for (int j = 0; j < units; j++)
                    {
                        double sum = b[j];
                        for (int i = 0; i < inputs; i++)
                        {
                            sum += h[(n * inputs) + i] * k[(i * units) + j];
                        }

                        next[(n * units) + j] = dense.Activation == "relu" ? Math.Max(0, sum) : sum;
                    }
                }

                h = next;
                inputs = units;
            }

            double mean = h.Average();
            result[index] = h.Sum(v => (v - mean) * (v - mean)) / h.Length;
        }

        return result;
    }

    /// <summary>K^T K for a kernel [in, out].</summary>
    private static double[,] Gram(Dense dense)
    {
        double[] k = TestData.Values(dense.Kernel);
        int rows = (int)dense.Kernel.shape[0], cols = (int)dense.Kernel.shape[1];
        var g = new double[cols, cols];
        for (int a = 0; a < cols; a++)
        {
            for (int b = 0; b < cols; b++)
            {
                for (int r = 0; r < rows; r++)
                {
                    g[a, b] += k[(r * cols) + a] * k[(r * cols) + b];
                }
            }
        }

        return g;
    }

    /// <summary>Asserts K^T K = c^2 I and returns c^2 (the squared scale applied to an orthonormal kernel).</summary>
    private static double AssertOrthogonalColumns(Dense dense, string what)
    {
        var g = Gram(dense);
        int n = g.GetLength(0);
        double c2 = Enumerable.Range(0, n).Average(i => g[i, i]);
        for (int a = 0; a < n; a++)
        {
            for (int b = 0; b < n; b++)
            {
                // float32 kernel entries (relative rounding 6e-8) summed over 32 products: |error| <~ 1e-6 c^2; 1e-5.
                double expected = a == b ? c2 : 0;
                Assert.True(Math.Abs(g[a, b] - expected) <= 1e-5 * c2, $"{what}: (K^T K)[{a},{b}] = {g[a, b]}, expected {expected} (c^2 = {c2})");
            }
        }

        return c2;
    }

    [Fact]
    public void EveryDenseOutputEndsWithinTolVarOfOne()
    {
        var model = Model();
        using var batch = Data();
        double[] before = Variances(model, batch);
        var results = Lsuv.Apply(model, batch, tolVar: 0.01, tMax: 10);

        Assert.Equal(DenseIndices(model), results.Select(r => r.Index));
        Assert.Equal(results.Select(r => model.Layers[r.Index].Name), results.Select(r => r.Layer));
        double[] after = Variances(model, batch);
        Assert.Contains(before, v => Math.Abs(v - 1) > 0.1); // Glorot on ReLU halves the variance per layer: LSUV had work to do
        foreach (var r in results)
        {
            // The reported variance is the final one (later layers do not change an earlier layer's output): float32
            // forward against double, 1e-4 relative.
            Assert.True(Math.Abs(r.Variance - after[r.Index]) <= 1e-4 * after[r.Index], $"{r.Layer}: reported {r.Variance}, recomputed {after[r.Index]}");
            Assert.InRange(r.Iterations, 0, 10);
            Assert.True(r.Iterations < 10, $"{r.Layer} hit tMax");
            Assert.True(Math.Abs(after[r.Index] - 1) < 0.01 + 1e-4, $"{r.Layer}: variance {after[r.Index]}");
        }
    }

    [Fact]
    public void OrthonormalPreInitIsTheOrthogonalInitializerPerLayer()
    {
        // tolVar so large that no layer is rescaled: the kernels are exactly the orthonormal matrices.
        var model = Model();
        using var batch = Data();
        var results = Lsuv.Apply(model, batch, tolVar: 1e9, seed: 3);
        Assert.All(results, r => Assert.Equal(0, r.Iterations));
        foreach (var r in results)
        {
            var dense = (Dense)model.Layers[r.Index];
            int[] shape = dense.Kernel.shape.Select(d => (int)d).ToArray();
            // Keras's Orthogonal(gain 1, seed + layer position), computed in double and stored as float32.
            float[] expected = new Orthogonal(1.0, seed: 3 + r.Index).Generate(shape).Select(v => (float)v).ToArray();
            TestData.BitEqual(expected, TestData.Floats(dense.Kernel));
            Assert.Equal(1.0, AssertOrthogonalColumns(dense, r.Layer), 1e-5);
        }

        // Different seeds per layer: two square kernels differ.
        Assert.NotEqual(TestData.Floats(((Dense)model.Layers[1]).Kernel), TestData.Floats(((Dense)model.Layers[2]).Kernel));
    }

    [Fact]
    public void RescaledKernelsAreOrthonormalTimesOneScale()
    {
        var model = Model();
        using var batch = Data();
        var results = Lsuv.Apply(model, batch, tolVar: 0.01, seed: 3);
        foreach (var r in results)
        {
            var dense = (Dense)model.Layers[r.Index];
            double c2 = AssertOrthogonalColumns(dense, r.Layer);
            // K = s Q with Q the orthonormal pre-init and one scalar s = sqrt(c^2).
            double s = Math.Sqrt(c2);
            int[] shape = dense.Kernel.shape.Select(d => (int)d).ToArray();
            double[] q = new Orthogonal(1.0, seed: 3 + r.Index).Generate(shape);
            double[] k = TestData.Values(dense.Kernel);
            for (int i = 0; i < k.Length; i++)
            {
                // float32 rounding after each of a few divisions: 1e-6 relative to s, use 1e-5.
                Assert.True(Math.Abs(k[i] - (s * q[i])) <= 1e-5 * s, $"{r.Layer}[{i}]: {k[i]} vs {s} * {q[i]}");
            }

            if (r.Iterations == 0)
            {
                Assert.Equal(1.0, s, 1e-6);
            }
            else
            {
                Assert.True(Math.Abs(s - 1) > 1e-3, $"{r.Layer}: rescaled {r.Iterations} times but the scale is {s}");
            }
        }

        Assert.Contains(results, r => r.Iterations > 0);
    }

    [Fact]
    public void StopsAtTMaxAndReportsTheVarianceItReached()
    {
        var model = Model();
        using var batch = Data();
        // tolVar 1e-12 is below float32 resolution: every layer uses all tMax = 2 rescalings.
        var results = Lsuv.Apply(model, batch, tolVar: 1e-12, tMax: 2);
        double[] after = Variances(model, batch);
        foreach (var r in results)
        {
            Assert.Equal(2, r.Iterations);
            Assert.True(Math.Abs(r.Variance - after[r.Index]) <= 1e-4 * after[r.Index], $"{r.Layer}: reported {r.Variance}, recomputed {after[r.Index]}");
        }
    }

    [Fact]
    public void WithoutOrthonormalTheInitialKernelIsOnlyScaled()
    {
        var model = Model();
        using var batch = Data();
        var initial = DenseIndices(model).Select(i => TestData.Values(((Dense)model.Layers[i]).Kernel)).ToList();
        var results = Lsuv.Apply(model, batch, tolVar: 0.01, orthonormal: false);
        for (int l = 0; l < results.Count; l++)
        {
            double[] k = TestData.Values(((Dense)model.Layers[results[l].Index]).Kernel);
            double s = k[0] / initial[l][0];
            for (int i = 0; i < k.Length; i++)
            {
                Assert.True(Math.Abs(k[i] - (s * initial[l][i])) <= 1e-5 * Math.Abs(s), $"layer {results[l].Layer}[{i}]");
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void TolVarMustBePositiveAndFinite(double tolVar)
    {
        using var batch = Data();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Lsuv.Apply(Model(), batch, tolVar: tolVar));
        Assert.Equal("tolVar", e.ParamName);
    }

    [Fact]
    public void TMaxMustBeAtLeastOne()
    {
        using var batch = Data();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Lsuv.Apply(Model(), batch, tMax: 0));
        Assert.Equal("tMax", e.ParamName);
    }

    [Fact]
    public void ModelMustBeBuiltAndHaveKernels()
    {
        using var batch = Data();
        Assert.Throws<ArgumentNullException>(() => Lsuv.Apply(null!, batch));

        var unbuilt = new Sequential([new Dense(4)]);
        Assert.Equal("model", Assert.Throws<ArgumentException>(() => Lsuv.Apply(unbuilt, batch)).ParamName);

        var noKernels = new Sequential([new Activation("relu"), new Dropout(0.5), new Flatten()]);
        noKernels.Build([Width]);
        var e = Assert.Throws<ArgumentException>(() => Lsuv.Apply(noKernels, batch));
        Assert.Equal("model", e.ParamName);
        Assert.Contains("Dense", e.Message);
        Assert.Contains("Conv2D", e.Message);
    }
    [Fact]
    public void VarianceIsThePopulationVarianceEvenOnATinyBatch()
    {
        // 4 samples into one linear unit: 4 values, where the population and Bessel-corrected variances differ by 4/3.
        // LSUV must make the population variance 1 (as numpy's var and Keras's ops.var).
        var model = new Sequential([new Dense(1, kernelInitializer: new GlorotUniform(1))]);
        model.Build([3]);
        using var batch = tensor(new float[] { 1, 0, 0, 0, 2, 0, 0, 0, -1, 0.5f, 0.5f, 0.5f }, [4, 3]);
        var result = Lsuv.Apply(model, batch, tolVar: 1e-4, tMax: 10).Single();

        using var y = model.Predict(batch);
        double[] v = TestData.Values(y);
        double mean = v.Average(), population = v.Sum(a => (a - mean) * (a - mean)) / v.Length;
        Assert.True(Math.Abs(population - 1) < 1e-4 + 1e-6, $"population variance {population}");
        Assert.Equal(population, result.Variance, 1e-6);
    }

    [Fact]
    public void TorchSharpVarWithoutDimensionsIgnoresUnbiasedFalse()
    {
        // TorchSharp 0.107: Tensor.var(unbiased: false) over all elements still divides by n - 1 (the overload with
        // dimensions honours it). Lsuv must not rely on it; when this starts failing, TorchSharp fixed the defect.
        using var t = tensor(new double[] { 1, 2, 3, 4 });
        using var all = t.var(unbiased: false);
        using var dims = t.var([0L], unbiased: false);
        Assert.Equal(5.0 / 3.0, all.ToDouble(), 1e-15); // population variance is 1.25
        Assert.Equal(1.25, dims.ToDouble(), 1e-15);
    }
}
