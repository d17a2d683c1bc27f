using System.Diagnostics;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Native;
using TfInit.Random;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Models;

/// <summary>
/// Keras's <c>fit</c> loop for one model: epochs of shuffled mini-batches (forward, loss, backward, optimizer step),
/// an optional validation pass after each epoch, callbacks and the history. It remembers how many epochs it has
/// trained, so a later fit continues the shuffling sequence instead of replaying it.
/// </summary>
/// <param name="model">The model it trains.</param>
internal sealed class Trainer(Sequential model)
{
    private int _epochsDone;

    /// <summary>Trains the model; see <see cref="Sequential.Fit"/> for the arguments' meaning.</summary>
    /// <param name="settings">The compile settings.</param>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="epochs">Epochs; positive.</param>
    /// <param name="batchSize">Samples per batch; positive.</param>
    /// <param name="validationData">Held-out inputs and targets, or null.</param>
    /// <param name="validationSplit">Fraction held out from the end of x and y instead, in [0, 1).</param>
    /// <param name="shuffle">Whether to shuffle every epoch.</param>
    /// <param name="callbacks">Hooks.</param>
    /// <param name="seed">Seed of the shuffling order.</param>
    /// <returns>The per-epoch logs.</returns>
    public History Fit(CompileSettings settings, Tensor x, Tensor y, int epochs, int batchSize, (Tensor X, Tensor Y)? validationData,
        double validationSplit, bool shuffle, IEnumerable<Callback>? callbacks, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Evaluation.CheckSamples(x, y);
        if (!(validationSplit >= 0 && validationSplit < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must lie in [0, 1).");
        }

        if (validationSplit > 0)
        {
            if (validationData is not null)
            {
                throw new ArgumentException("Give validationData or validationSplit, not both.", nameof(validationSplit));
            }

            (x, y, validationData) = Split(x, y, validationSplit);
        }

        if (validationData is { } given)
        {
            Evaluation.CheckSamples(given.X, given.Y);
        }

        Denormals.SetFlushToZero(true);
        var hooks = (callbacks ?? []).ToList();
        var history = new History();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            var (loss, accuracy) = TrainEpoch(settings, x, y, batchSize, shuffle, seed, epoch, epochs, hooks);
            var (valLoss, valAccuracy) = validationData is { } v
                ? Evaluation.Evaluate(model, settings, v.X, v.Y, batchSize)
                : (null as double?, null as double?);
            var log = new EpochLog(epoch, loss, accuracy, valLoss, validationData is null ? null : valAccuracy, clock.Elapsed.TotalSeconds);
            history.Add(log);
            _epochsDone++;
            hooks.ForEach(h => h.OnEpochEnd(log));
        }

        return history;
    }

    // As Keras: the first floor(n * (1 - split)) samples train, the rest validate, and neither may be empty.
    private static (Tensor X, Tensor Y, (Tensor X, Tensor Y) Validation) Split(Tensor x, Tensor y, double validationSplit)
    {
        long kept = (long)Math.Floor(x.shape[0] * (1.0 - validationSplit));
        long held = x.shape[0] - kept;
        if (kept == 0 || held == 0)
        {
            throw new ArgumentException(
                $"{x.shape[0]} samples cannot be split with validationSplit={validationSplit}: it leaves {kept} for training and {held} for validation.",
                nameof(validationSplit));
        }

        return (x.narrow(0, 0, kept), y.narrow(0, 0, kept), (x.narrow(0, kept, held), y.narrow(0, kept, held)));
    }

    /// <summary>One pass over the samples; returns the sample-weighted mean loss and accuracy of the batches as trained.</summary>
    private (double Loss, double? Accuracy) TrainEpoch(CompileSettings settings, Tensor x, Tensor y, int batchSize, bool shuffle, long seed,
        int epoch, int epochs, List<Callback> hooks)
    {
        var parameters = model.TrainableParameters().ToList();
        long n = x.shape[0];
        int steps = (int)((n + batchSize - 1) / batchSize);
        hooks.ForEach(h => h.OnEpochBegin(epoch, epochs, steps));
        using var order = torch.tensor(shuffle ? Permutation(n, seed, _epochsDone + 1) : Enumerable.Range(0, (int)n).Select(i => (long)i).ToArray());
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, step * (long)batchSize, Math.Min(batchSize, n - (step * (long)batchSize)));
            var xb = x.index_select(0, index);
            var yb = y.index_select(0, index);
            foreach (var p in parameters)
            {
                p.grad?.zero_();
            }

            var output = model.Forward(xb, training: true, null);
            var batchLoss = settings.Loss.Compute(yb, output);
            batchLoss.backward();
            settings.Optimizer.Step(parameters);

            long count = index.shape[0];
            lossSum += batchLoss.ToDouble() * count;
            correct += settings.Accuracy ? Evaluation.Correct(yb, output) : 0;
            seen += count;
            hooks.ForEach(h => h.OnBatchEnd(step + 1, steps, lossSum / seen, settings.Accuracy ? (double)correct / seen : null));
        }

        return (lossSum / seen, settings.Accuracy ? (double)correct / seen : null);
    }

    /// <summary>Fisher-Yates driven by a Philox stream: the same seed and epoch give the same order.</summary>
    private static long[] Permutation(long n, long seed, int epoch)
    {
        var order = new long[n];
        for (long i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var u = new double[n];
        new PhiloxStream(seed, position: epoch * n).Uniform(u);
        for (long i = n - 1; i > 0; i--)
        {
            long j = (long)(u[i] * (i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
