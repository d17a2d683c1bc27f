using Adam = TfInit.Keras.Optimizers.Adam;
using SGD = TfInit.Keras.Optimizers.SGD;
using Sequential = TfInit.Keras.Models.Sequential;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Losses;
using TfInit.Keras.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Tests.Training;

public sealed class FitTests
{
    private static Sequential Compiled(long seed = 1, Optimizer? optimizer = null, Loss? loss = null, bool accuracy = true)
    {
        var model = Synthetic.Mlp(seed);
        model.Compile(optimizer ?? new SGD(0.05, momentum: 0.9), loss ?? new SparseCategoricalCrossentropy(fromLogits: true),
            accuracy ? ["accuracy"] : null);
        return model;
    }

    /// <summary>
    /// One epoch written out by hand, as Fit documents it: for each batch, forward in training mode, mean loss,
    /// backward, optimizer step; the epoch loss is the sample-weighted mean of the batch losses and the accuracy
    /// counts argmax hits of the outputs before each step.
    /// </summary>
    private static (double Loss, double Accuracy) ManualEpoch(Sequential model, Optimizer optimizer, Loss loss, Tensor x, Tensor y,
        IEnumerable<(long Start, long Count)> batches)
    {
        var parameters = model.TrainableParameters().ToList();
        double lossSum = 0;
        long correct = 0, seen = 0;
        foreach (var (start, count) in batches)
        {
            using var scope = NewDisposeScope();
            var xb = x.narrow(0, start, count);
            var yb = y.narrow(0, start, count);
            foreach (var p in parameters)
            {
                p.grad?.zero_();
            }

            var output = model.Forward(xb, training: true, null);
            var l = loss.Compute(yb, output);
            l.backward();
            optimizer.Step(parameters);
            lossSum += l.ToDouble() * count;
            correct += Hits(output, yb);
            seen += count;
        }

        return (lossSum / seen, (double)correct / seen);
    }

    /// <summary>Argmax hits counted in C#.</summary>
    private static long Hits(Tensor output, Tensor labels)
    {
        double[] o = TestData.Values(output);
        long[] l = labels.data<long>().ToArray();
        int classes = (int)output.shape[1];
        long hits = 0;
        for (int i = 0; i < l.Length; i++)
        {
            int best = 0;
            for (int j = 1; j < classes; j++)
            {
                best = o[(i * classes) + j] > o[(i * classes) + best] ? j : best;
            }

            hits += best == l[i] ? 1 : 0;
        }

        return hits;
    }

    private static IEnumerable<(long, long)> InOrder(long n, int batch)
    {
        for (long s = 0; s < n; s += batch)
        {
            yield return (s, Math.Min(batch, n - s));
        }
    }

    private static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max();

    [Fact]
    public void SameSeedAndWeightsGiveIdenticalHistoryAndWeights()
    {
        var (x, y) = Synthetic.Clusters(40, seed: 11, noise: 1.0);
        var (xv, yv) = Synthetic.Clusters(12, seed: 12, noise: 1.0);
        History Train(Sequential m, long seed, bool shuffle = true) =>
            m.Fit(x, y, epochs: 3, batchSize: 8, validationData: (xv, yv), shuffle: shuffle, seed: seed);

        var a = Compiled();
        var b = Compiled();
        var ha = Train(a, 7);
        var hb = Train(b, 7);
        Assert.Equal(3, ha.Epochs.Count);
        for (int e = 0; e < 3; e++)
        {
            // Exact: same data, same order, same operations.
            Assert.Equal(ha.Epochs[e] with { Seconds = 0 }, hb.Epochs[e] with { Seconds = 0 });
        }

        TestData.BitEqual(Synthetic.Weights(a), Synthetic.Weights(b));

        // Another shuffling seed, or no shuffling, visits the samples in another order and ends elsewhere (the
        // weights move by ~0.05 per step, so 1e-4 is far from a rounding difference).
        var c = Compiled();
        var hc = Train(c, 8);
        Assert.True(MaxAbsDiff(Synthetic.Weights(a), Synthetic.Weights(c)) > 1e-4);
        Assert.NotEqual(ha.Epochs[0].Loss, hc.Epochs[0].Loss);
        var d = Compiled();
        Train(d, 7, shuffle: false);
        Assert.True(MaxAbsDiff(Synthetic.Weights(a), Synthetic.Weights(d)) > 1e-4);
    }

    [Fact]
    public void WithoutShuffleBatchesAreTakenInOrder()
    {
        // 30 samples in batches of 8: 8, 8, 8, 6 (the last batch is partial).
        var (x, y) = Synthetic.Clusters(30, seed: 21, noise: 1.0);
        var model = Compiled();
        var history = model.Fit(x, y, epochs: 2, batchSize: 8, shuffle: false);

        var manual = Synthetic.Mlp();
        var sgd = new SGD(0.05, momentum: 0.9);
        var loss = new SparseCategoricalCrossentropy(fromLogits: true);
        for (int e = 0; e < 2; e++)
        {
            var (l, acc) = ManualEpoch(manual, sgd, loss, x, y, InOrder(30, 8));
            // Same operations in the same order: bit-equal.
            Assert.Equal(l, history.Epochs[e].Loss);
            Assert.Equal(acc, history.Epochs[e].Accuracy);
        }

        TestData.BitEqual(Synthetic.Weights(manual), Synthetic.Weights(model));

        // The check is sensitive to order: the same batches in reverse end elsewhere.
        var reversed = Synthetic.Mlp();
        var sgd2 = new SGD(0.05, momentum: 0.9);
        for (int e = 0; e < 2; e++)
        {
            ManualEpoch(reversed, sgd2, loss, x, y, InOrder(30, 8).Reverse());
        }

        Assert.True(MaxAbsDiff(Synthetic.Weights(reversed), Synthetic.Weights(model)) > 1e-4);
    }

    [Fact]
    public void ValidationSplitHoldsOutTheLastFractionAsKerasRoundsIt()
    {
        // Keras: split_at = floor(n * (1 - split)) = floor(42 * 0.75) = 31, so the LAST 11 samples are held out
        // (before shuffling). floor(n * split) = 10 would be a different set.
        var (x, y) = Synthetic.Clusters(42, seed: 31, noise: 1.0);
        var model = Compiled();
        var history = model.Fit(x, y, epochs: 2, batchSize: 8, validationSplit: 0.25, shuffle: true, seed: 3);

        var last = history.Epochs[^1];
        var (valLoss, valAccuracy) = model.Evaluate(Synthetic.Rows(x, 31, 11), Synthetic.Rows(y, 31, 11), batchSize: 8);
        Assert.Equal(valLoss, last.ValLoss);
        Assert.Equal(valAccuracy, last.ValAccuracy);

        var (otherLoss, _) = model.Evaluate(Synthetic.Rows(x, 32, 10), Synthetic.Rows(y, 32, 10), batchSize: 8);
        Assert.NotEqual(otherLoss, last.ValLoss);
        var (firstLoss, _) = model.Evaluate(Synthetic.Rows(x, 0, 11), Synthetic.Rows(y, 0, 11), batchSize: 8);
        Assert.NotEqual(firstLoss, last.ValLoss);
    }

    [Fact]
    public void ValidationSplitTrainsOnTheFirstPartOnly()
    {
        var (x, y) = Synthetic.Clusters(42, seed: 32, noise: 1.0);
        var model = Compiled();
        var history = model.Fit(x, y, epochs: 1, batchSize: 8, validationSplit: 0.25, shuffle: false);

        var manual = Synthetic.Mlp();
        var (l, _) = ManualEpoch(manual, new SGD(0.05, momentum: 0.9), new SparseCategoricalCrossentropy(true),
            Synthetic.Rows(x, 0, 31), Synthetic.Rows(y, 0, 31), InOrder(31, 8));
        Assert.Equal(l, history.Epochs[0].Loss);
        TestData.BitEqual(Synthetic.Weights(manual), Synthetic.Weights(model));
    }

    [Fact]
    public void SmallValidationSplitStillHoldsOutOneSample()
    {
        // Keras: floor(4 * 0.9) = 3 training samples, 1 validation sample.
        var (x, y) = Synthetic.Clusters(4, seed: 33);
        var model = Compiled();
        var history = model.Fit(x, y, epochs: 1, batchSize: 2, validationSplit: 0.1, shuffle: false);
        var (valLoss, _) = model.Evaluate(Synthetic.Rows(x, 3, 1), Synthetic.Rows(y, 3, 1));
        Assert.Equal(valLoss, history.Epochs[0].ValLoss);
    }

    [Fact]
    public void ValidationSplitLeavingNoTrainingSampleThrowsBeforeTraining()
    {
        // floor(1 * 0.5) = 0 training samples: Keras refuses up front.
        var (x, y) = Synthetic.Clusters(1, seed: 34);
        var model = Compiled();
        double[] before = Synthetic.Weights(model);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationSplit: 0.5));
        Assert.Equal("validationSplit", e.ParamName);
        TestData.BitEqual(before, Synthetic.Weights(model));
    }

    [Fact]
    public void ValidationDataAndSplitTogetherThrow()
    {
        var (x, y) = Synthetic.Clusters(20, seed: 35);
        var model = Compiled();
        double[] before = Synthetic.Weights(model);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (x, y), validationSplit: 0.2));
        Assert.Contains("validationData", e.Message);
        TestData.BitEqual(before, Synthetic.Weights(model));
    }

    [Fact]
    public void MismatchedSampleCountsThrowNamingBothCounts()
    {
        var (x, y) = Synthetic.Clusters(10, seed: 36);
        using var y9 = y.narrow(0, 0, 9);
        var model = Compiled();
        var fit = Assert.Throws<ArgumentException>(() => model.Fit(x, y9));
        Assert.Contains("10", fit.Message);
        Assert.Contains("9", fit.Message);
        var evaluate = Assert.Throws<ArgumentException>(() => model.Evaluate(x, y9));
        Assert.Contains("10", evaluate.Message);
        Assert.Contains("9", evaluate.Message);
    }

    [Fact]
    public void MismatchedValidationDataThrowsBeforeTraining()
    {
        var (x, y) = Synthetic.Clusters(10, seed: 37);
        var (xv, yv) = Synthetic.Clusters(6, seed: 38);
        using var yv5 = yv.narrow(0, 0, 5);
        var model = Compiled();
        double[] before = Synthetic.Weights(model);
        var e = Assert.Throws<ArgumentException>(() => model.Fit(x, y, validationData: (xv, yv5)));
        Assert.Contains("6", e.Message);
        Assert.Contains("5", e.Message);
        TestData.BitEqual(before, Synthetic.Weights(model)); // not one epoch trained before the check
    }

    [Fact]
    public void FitOrEvaluateBeforeCompileOrBuildThrow()
    {
        var (x, y) = Synthetic.Clusters(6, seed: 39);
        var uncompiled = Synthetic.Mlp();
        Assert.Throws<InvalidOperationException>(() => uncompiled.Fit(x, y));
        Assert.Throws<InvalidOperationException>(() => uncompiled.Evaluate(x, y));

        var unbuilt = new Sequential([new Layers.Dense(3)]);
        unbuilt.Compile(new SGD(), new SparseCategoricalCrossentropy(true));
        Assert.Throws<InvalidOperationException>(() => unbuilt.Fit(x, y));
        Assert.Throws<InvalidOperationException>(() => unbuilt.Evaluate(x, y));
        Assert.Throws<InvalidOperationException>(() => unbuilt.Predict(x));
    }

    [Theory]
    [InlineData(0, 8, 0.0, "epochs")]
    [InlineData(1, 0, 0.0, "batchSize")]
    [InlineData(1, 8, 1.0, "validationSplit")]
    [InlineData(1, 8, -0.1, "validationSplit")]
    [InlineData(1, 8, double.NaN, "validationSplit")]
    public void ArgumentsOutOfRangeThrow(int epochs, int batchSize, double split, string parameter)
    {
        var (x, y) = Synthetic.Clusters(6, seed: 40);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Compiled().Fit(x, y, epochs, batchSize, validationSplit: split));
        Assert.Equal(parameter, e.ParamName);
    }

    private sealed class Recorder : Callback
    {
        public List<string> Events { get; } = [];

        public List<EpochLog> Logs { get; } = [];

        public override void OnEpochBegin(int epoch, int epochs, int steps) => Events.Add($"begin {epoch}/{epochs} steps {steps}");

        public override void OnBatchEnd(int step, int steps, double loss, double? accuracy) => Events.Add($"batch {step}/{steps}");

        public override void OnEpochEnd(EpochLog log)
        {
            Events.Add($"end {log.Epoch}");
            Logs.Add(log);
        }
    }

    [Fact]
    public void HistoryHasOneLogPerEpochAndCallbacksSeeEveryBatch()
    {
        var (x, y) = Synthetic.Clusters(20, seed: 41);
        var recorder = new Recorder();
        var history = Compiled().Fit(x, y, epochs: 3, batchSize: 8, callbacks: [recorder], seed: 5);

        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.All(history.Epochs, e =>
        {
            Assert.True(e.Seconds > 0);
            Assert.NotNull(e.Accuracy);
            Assert.Null(e.ValLoss); // no validation data
            Assert.Null(e.ValAccuracy);
            Assert.True(double.IsFinite(e.Loss) && e.Loss > 0);
        });

        // ceil(20 / 8) = 3 batches per epoch.
        string[] epoch(int e) => [$"begin {e}/3 steps 3", "batch 1/3", "batch 2/3", "batch 3/3", $"end {e}"];
        Assert.Equal([.. epoch(1), .. epoch(2), .. epoch(3)], recorder.Events);
        Assert.Equal(history.Epochs, recorder.Logs);
    }

    [Fact]
    public void LossDecreasesOnASeparableProblem()
    {
        var (x, y) = Synthetic.Clusters(90, seed: 42, noise: 0.5);
        var model = Compiled(optimizer: new Adam(0.01));
        var history = model.Fit(x, y, epochs: 15, batchSize: 16, seed: 1);

        // Clusters 3 apart with noise 0.5 are separable; 15 epochs of Adam take the loss from ~1 to well under a third.
        Assert.True(history.Epochs[^1].Loss < 0.3 * history.Epochs[0].Loss,
            $"loss {history.Epochs[0].Loss} -> {history.Epochs[^1].Loss}");
        for (int e = 1; e < history.Epochs.Count; e++)
        {
            Assert.True(history.Epochs[e].Loss < history.Epochs[e - 1].Loss + 0.05, $"epoch {e + 1} loss went up");
        }

        Assert.True(model.Evaluate(x, y).Accuracy >= 0.95);
    }

    [Fact]
    public void AccuracyAndLossOfEvaluateMatchAManualCountOnPredict()
    {
        // Overlapping clusters keep the accuracy away from 1, so the count is a real check.
        var (x, y) = Synthetic.Clusters(61, seed: 43, noise: 1.5);
        var model = Compiled();
        model.Fit(x, y, epochs: 2, batchSize: 8, seed: 2);
        var (loss, accuracy) = model.Evaluate(x, y, batchSize: 7); // 61 = 8 * 7 + 5: partial last batch

        using var logits = model.Predict(x);
        double expected = (double)Hits(logits, y) / 61;
        Assert.Equal(expected, accuracy);
        Assert.InRange(expected, 0.4, 0.99);

        double[] z = TestData.Values(logits);
        long[] labels = y.data<long>().ToArray();
        double sum = 0;
        for (int i = 0; i < 61; i++)
        {
            double max = Enumerable.Range(0, 3).Max(j => z[(i * 3) + j]);
            double lse = max + Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(z[(i * 3) + j] - max)));
            sum += lse - z[(i * 3) + labels[i]];
        }

        // float32 log_softmax against a double reference: relative error ~1e-7 per sample; 1e-6 relative.
        Assert.Equal(sum / 61, loss, 1e-6 * loss);
    }

    [Fact]
    public void WithoutTheMetricAccuracyIsNull()
    {
        var (x, y) = Synthetic.Clusters(12, seed: 44);
        var model = Compiled(accuracy: false);
        var history = model.Fit(x, y, validationData: (x, y));
        Assert.Null(history.Epochs[0].Accuracy);
        Assert.Null(history.Epochs[0].ValAccuracy);
        Assert.NotNull(history.Epochs[0].ValLoss);
        Assert.Null(model.Evaluate(x, y).Accuracy);
    }

    [Fact]
    public void UnknownMetricThrowsAndAccIsAccepted()
    {
        var model = Synthetic.Mlp();
        var e = Assert.Throws<ArgumentException>(() => model.Compile(new SGD(), new SparseCategoricalCrossentropy(true), ["precision"]));
        Assert.Equal("metrics", e.ParamName);
        Assert.Contains("'precision'", e.Message);
        Assert.Contains("accuracy", e.Message);

        model.Compile(new SGD(), new SparseCategoricalCrossentropy(true), ["acc"]);
        var (x, y) = Synthetic.Clusters(6, seed: 45);
        Assert.NotNull(model.Evaluate(x, y).Accuracy);
    }

    [Fact]
    public void OneHotTargetsTrainLikeSparseLabels()
    {
        var (x, y) = Synthetic.Clusters(30, seed: 46, noise: 1.0);
        using var oneHot = Synthetic.OneHot(y);
        var sparse = Compiled();
        var categorical = Compiled(loss: new CategoricalCrossentropy(fromLogits: true));
        var hs = sparse.Fit(x, y, epochs: 2, batchSize: 8, validationData: (x, y), seed: 4);
        var hc = categorical.Fit(x, oneHot, epochs: 2, batchSize: 8, validationData: (x, oneHot), seed: 4);

        // -sum(onehot * log p) and -log p[label] are the same numbers (the other terms are exact zeros), and so are
        // their gradients; allow float32 rounding of the differently ordered reductions, 1e-5 relative.
        for (int e = 0; e < 2; e++)
        {
            Assert.Equal(hs.Epochs[e].Loss, hc.Epochs[e].Loss, 1e-5 * hs.Epochs[e].Loss);
            Assert.Equal(hs.Epochs[e].ValLoss!.Value, hc.Epochs[e].ValLoss!.Value, 1e-5 * hs.Epochs[e].ValLoss!.Value);
            Assert.Equal(hs.Epochs[e].Accuracy, hc.Epochs[e].Accuracy);
            Assert.Equal(hs.Epochs[e].ValAccuracy, hc.Epochs[e].ValAccuracy);
        }

        TestData.Close(Synthetic.Weights(sparse), Synthetic.Weights(categorical), 1e-5, "weights");
        using var logits = categorical.Predict(x);
        Assert.Equal((double)Hits(logits, y) / 30, categorical.Evaluate(x, oneHot).Accuracy);
    }
}
