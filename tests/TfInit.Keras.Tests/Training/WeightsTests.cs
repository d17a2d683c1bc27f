using System.Text.Json;
using TfInit.Initializers;
using TfInit.Keras.Layers;
using TfInit.NumPy;
using static TorchSharp.torch;
using Sequential = TfInit.Keras.Models.Sequential;

namespace TfInit.Keras.Tests.Training;

public sealed class WeightsTests
{
    private static readonly string[] s_keys =
    [
        "dense/kernel", "dense/bias",
        "batch_normalization/gamma", "batch_normalization/beta", "batch_normalization/moving_mean", "batch_normalization/moving_variance",
        "dense_1/kernel", "dense_1/bias",
    ];

    private static readonly int[][] s_shapes = [[4, 8], [8], [8], [8], [8], [8], [8, 3], [3]];

    /// <summary>4 -> Dense 8 relu -> BN -> Dropout 0.5 -> Dense 3: training and inference differ (batch statistics, dropout).</summary>
    private static Sequential Model(long seed)
    {
        var model = new Sequential(
        [
            new Dense(8, "relu", kernelInitializer: new GlorotUniform(seed), biasInitializer: new RandomUniform(-0.5, 0.5, seed + 1)),
            new BatchNormalization(gammaInitializer: new RandomUniform(0.5, 1.5, seed + 2), betaInitializer: new RandomUniform(-0.5, 0.5, seed + 3),
                movingMeanInitializer: new RandomUniform(0, 1, seed + 4), movingVarianceInitializer: new RandomUniform(0.5, 2, seed + 5)),
            new Dropout(0.5),
            new Dense(3, kernelInitializer: new GlorotUniform(seed + 6), biasInitializer: new RandomUniform(-0.5, 0.5, seed + 7)),
        ]);
        model.Build([4]);
        return model;
    }

    [Fact]
    public void PredictHasOneRowPerSampleAndEqualsCallInInferenceMode()
    {
        var model = Model(1);
        var (x, _) = Synthetic.Clusters(10, seed: 50);
        using var predicted = model.Predict(x, batchSize: 3); // 3 + 3 + 3 + 1
        Assert.Equal(new long[] { 10, 3 }, predicted.shape);
        using var called = model.Call(x, training: false);
        // Row results do not depend on the batch they were computed in, up to float32 rounding of the matmul
        // (a few ulp of values of order 1): 1e-6.
        TestData.Close(TestData.Values(called), TestData.Values(predicted), 1e-6, "predict");

        // Training mode (batch statistics, dropout) gives something else, so the mode really is inference.
        using var training = model.Call(x, training: true);
        Assert.True(TestData.Values(training).Zip(TestData.Values(predicted), (a, b) => Math.Abs(a - b)).Max() > 1e-2);
    }

    [Fact]
    public void GetWeightsListsEveryWeightInLayerOrder()
    {
        var model = Model(1);
        var weights = model.GetWeights();
        Assert.Equal(s_shapes.Length, weights.Count);
        var variables = model.Layers.SelectMany(l => l.Weights).ToList();
        for (int i = 0; i < weights.Count; i++)
        {
            Assert.Equal(s_shapes[i], weights[i].Shape);
            Assert.Equal("<f4", weights[i].Dtype);
            TestData.BitEqual(TestData.Values(variables[i].Value), weights[i].ToArray());
        }

        // A copy, not a view: training the model later does not change it.
        double before = weights[0].Values[0];
        using (no_grad())
        {
            model.Layers[0].Weights[0].Value.add_(1.0);
        }

        Assert.Equal(before, weights[0].Values[0]);
    }

    [Fact]
    public void SetWeightsRoundTrip()
    {
        var a = Model(1);
        var b = Model(100);
        var (x, _) = Synthetic.Clusters(10, seed: 51);
        Assert.NotEqual(Synthetic.Weights(a), Synthetic.Weights(b));

        b.SetWeights(a.GetWeights());
        TestData.BitEqual(Synthetic.Weights(a), Synthetic.Weights(b));
        using var pa = a.Predict(x);
        using var pb = b.Predict(x);
        TestData.BitEqual(TestData.Floats(pa), TestData.Floats(pb));
    }

    [Fact]
    public void SetWeightsWithAWrongShapeNamesTheWeightAndChangesNothing()
    {
        var model = Model(1);
        double[] before = Synthetic.Weights(model);
        var weights = Model(7).GetWeights().ToList(); // another model's values, so a partial copy would show
        weights[6] = NpyArray.FromDoubles(new double[24], [3, 8]); // dense_1/kernel is [8, 3]
        var e = Assert.Throws<ArgumentException>(() => model.SetWeights(weights));
        Assert.Equal("weights", e.ParamName);
        Assert.Contains("'dense_1/kernel'", e.Message);
        Assert.Contains("(8, 3)", e.Message);
        Assert.Contains("(3, 8)", e.Message);
        // The first six arrays were valid, but a failed call must not leave a half-replaced model.
        TestData.BitEqual(before, Synthetic.Weights(model));

        var count = Assert.Throws<ArgumentException>(() => model.SetWeights(weights.Take(7).ToList()));
        Assert.Contains("8", count.Message);
        Assert.Contains("7", count.Message);
    }

    [Fact]
    public void SaveWeightsWritesAnNpzThatNumpyReads()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "weights.npz");
        var model = Model(1);
        model.SaveWeights(path);

        const string code = """
            import json, sys
            import numpy as np
            with np.load(sys.argv[1]) as f:
                out = {k: {"dtype": f[k].dtype.str, "shape": list(f[k].shape), "values": f[k].astype(float).ravel().tolist()} for k in f.files}
                print(json.dumps({"files": f.files, "arrays": out}))
            """;
        var result = Synthetic.Numpy(code, path);
        Assert.Equal(s_keys, result.GetProperty("files").EnumerateArray().Select(k => k.GetString()));
        var variables = model.Layers.SelectMany(l => l.Weights).ToList();
        for (int i = 0; i < s_keys.Length; i++)
        {
            var array = result.GetProperty("arrays").GetProperty(s_keys[i]);
            Assert.Equal("<f4", array.GetProperty("dtype").GetString());
            Assert.Equal(s_shapes[i], array.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            // float32 -> Python float -> JSON repr round-trips exactly.
            TestData.BitEqual(TestData.Values(variables[i].Value), array.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        }

        // Nothing but the archive is left in the folder (the temporary file was renamed), also when overwriting.
        Assert.Equal(["weights.npz"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Model(2).SaveWeights(path);
        Assert.Equal(["weights.npz"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
        Assert.Equal(s_keys, NpzFile.Keys(path));
    }

    [Fact]
    public void LoadWeightsRestoresExactly()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "w.npz");
        var a = Model(1);
        a.SaveWeights(path);
        var b = Model(100);
        b.LoadWeights(path);
        TestData.BitEqual(Synthetic.Weights(a), Synthetic.Weights(b));
    }

    [Fact]
    public void LoadWeightsReadsAnArchiveWrittenByNumpy()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "np.npz");
        // float64 values k / 64 (exact in float32) in the model's layout; numpy writes them with its own zip code.
        const string code = """
            import json, sys
            import numpy as np
            shapes = json.loads(sys.argv[2])
            arrays, start = {}, 0
            for key, shape in shapes:
                n = int(np.prod(shape))
                arrays[key] = (np.arange(start, start + n, dtype=np.float64) / 64).reshape(shape)
                start += n
            np.savez(sys.argv[1], **arrays)
            print(json.dumps(start))
            """;
        string shapes = JsonSerializer.Serialize(s_keys.Zip(s_shapes, (k, s) => new object[] { k, s }));
        int total = Synthetic.Numpy(code, path, shapes).GetInt32();

        var model = Model(1);
        model.LoadWeights(path);
        double[] expected = Enumerable.Range(0, total).Select(k => k / 64.0).ToArray();
        TestData.BitEqual(expected, Synthetic.Weights(model));
    }

    [Fact]
    public void LoadWeightsWithAMissingKeyListsTheKeysAndChangesNothing()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "partial.npz");
        var source = Model(7);
        var arrays = s_keys.Zip(source.GetWeights()).Where(p => p.First != "dense_1/bias").Select(p => KeyValuePair.Create(p.First, p.Second));
        NpzFile.Write(path, arrays);

        var model = Model(1);
        double[] before = Synthetic.Weights(model);
        var e = Assert.Throws<ArgumentException>(() => model.LoadWeights(path));
        Assert.Equal("path", e.ParamName);
        Assert.Contains("'dense_1/bias'", e.Message);
        foreach (string key in s_keys.Where(k => k != "dense_1/bias"))
        {
            Assert.Contains(key, e.Message);
        }

        // Seven of eight weights were there; a failed load must not leave a model that mixes two sets of weights.
        TestData.BitEqual(before, Synthetic.Weights(model));
    }

    [Fact]
    public void LoadWeightsWithAWrongShapeNamesTheWeight()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "shape.npz");
        var arrays = s_keys.Zip(Model(7).GetWeights()).Select(p => KeyValuePair.Create(p.First,
            p.First == "dense/bias" ? NpyArray.FromSingles(new float[9], [9]) : p.Second));
        NpzFile.Write(path, arrays);
        var e = Assert.Throws<ArgumentException>(() => Model(1).LoadWeights(path));
        Assert.Equal("path", e.ParamName);
        Assert.Contains("'dense/bias'", e.Message);
    }
}
