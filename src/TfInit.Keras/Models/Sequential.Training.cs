using System.Diagnostics;
using TfInit.Checkpoints;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Losses;
using TfInit.Keras.Native;
using TfInit.Keras.Optimizers;
using TfInit.NumPy;
using TfInit.Random;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Models;

/// <summary>Keras's training API on <see cref="Sequential"/>: Compile, Fit, Evaluate, Predict and weights I/O.</summary>
public sealed partial class Sequential
{
    private Optimizer? _optimizer;
    private Loss? _loss;
    private bool _accuracy;

    // Epochs trained by earlier Fit calls: a later call continues the shuffling sequence instead of replaying it.
    private int _epochsDone;

    /// <summary>Keras <c>compile(optimizer, loss, metrics)</c>.</summary>
    /// <param name="optimizer">An optimizer (<see cref="SGD"/>, <see cref="Adam"/>).</param>
    /// <param name="loss">A loss object.</param>
    /// <param name="metrics">Metric names: only <c>accuracy</c> is known.</param>
    /// <exception cref="ArgumentException">An unknown metric.</exception>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var names = (metrics ?? []).ToList();
        foreach (string name in names.Where(n => n is not ("accuracy" or "acc")))
        {
            throw new ArgumentException($"Unknown metric '{name}'; allowed: accuracy.", nameof(metrics));
        }

        _optimizer = optimizer;
        _loss = loss;
        _accuracy = names.Count > 0;
    }

    /// <summary>
    /// Keras <c>fit</c>: trains for <paramref name="epochs"/> epochs of mini-batches. With
    /// <paramref name="validationSplit"/> the last fraction of the samples (before shuffling, as Keras does) is held
    /// out. The order of samples comes from a Philox stream keyed by <paramref name="seed"/>, so two runs with the same
    /// seed and initial weights produce the same history. Denormal floats are flushed to zero from here on
    /// (<see cref="Denormals"/>): a vanishing initialization otherwise makes every step many times slower.
    /// </summary>
    /// <param name="x">Inputs, [n, ..input shape].</param>
    /// <param name="y">Targets: [n] class labels or [n, classes].</param>
    /// <param name="epochs">Epochs; positive.</param>
    /// <param name="batchSize">Samples per batch; positive.</param>
    /// <param name="validationData">Held-out inputs and targets evaluated after each epoch, or null.</param>
    /// <param name="validationSplit">Fraction of the samples to hold out instead, in [0, 1): as Keras, the first
    /// floor(n * (1 - validationSplit)) samples train and the rest validate.</param>
    /// <param name="shuffle">Whether to shuffle the samples every epoch.</param>
    /// <param name="callbacks">Hooks such as <see cref="ProgressBar"/>.</param>
    /// <param name="seed">Seed of the shuffling order.</param>
    /// <returns>The per-epoch logs.</returns>
    /// <exception cref="InvalidOperationException">The model is not built or not compiled.</exception>
    /// <exception cref="ArgumentException">Mismatched sample counts or an argument out of range.</exception>
    public History Fit(Tensor x, Tensor y, int epochs = 1, int batchSize = 32, (Tensor X, Tensor Y)? validationData = null,
        double validationSplit = 0.0, bool shuffle = true, IEnumerable<Callback>? callbacks = null, long seed = 0)
    {
        var (optimizer, loss) = Compiled();
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        CheckSamples(x, y);
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

            // As Keras: the first floor(n * (1 - split)) samples train, the rest validate, and neither may be empty.
            long kept = (long)Math.Floor(x.shape[0] * (1.0 - validationSplit));
            long held = x.shape[0] - kept;
            if (kept == 0 || held == 0)
            {
                throw new ArgumentException(
                    $"{x.shape[0]} samples cannot be split with validationSplit={validationSplit}: it leaves {kept} for training and {held} for validation.",
                    nameof(validationSplit));
            }

            validationData = (x.narrow(0, kept, held), y.narrow(0, kept, held));
            x = x.narrow(0, 0, kept);
            y = y.narrow(0, 0, kept);
        }

        if (validationData is { } given)
        {
            CheckSamples(given.X, given.Y);
        }

        Denormals.SetFlushToZero(true);
        var hooks = (callbacks ?? []).ToList();
        var parameters = TrainableParameters().ToList();
        var history = new History();
        long n = x.shape[0];
        int steps = (int)((n + batchSize - 1) / batchSize);
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
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

                var output = Forward(xb, training: true, null);
                var batchLoss = loss.Compute(yb, output);
                batchLoss.backward();
                optimizer.Step(parameters);

                long count = index.shape[0];
                lossSum += batchLoss.ToDouble() * count;
                correct += _accuracy ? Correct(yb, output) : 0;
                seen += count;
                hooks.ForEach(h => h.OnBatchEnd(step + 1, steps, lossSum / seen, _accuracy ? (double)correct / seen : null));
            }

            var (valLoss, valAccuracy) = validationData is { } v ? Evaluate(v.X, v.Y, batchSize) : (null as double?, null as double?);
            var log = new EpochLog(epoch, lossSum / seen, _accuracy ? (double)correct / seen : null, valLoss, validationData is null ? null : valAccuracy,
                clock.Elapsed.TotalSeconds);
            history.Add(log);
            _epochsDone++;
            hooks.ForEach(h => h.OnEpochEnd(log));
        }

        return history;
    }

    /// <summary>Keras <c>evaluate</c>: the mean loss and accuracy over <paramref name="x"/> in inference mode.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <returns>The loss, and the accuracy (null when the model was compiled without it).</returns>
    public (double Loss, double? Accuracy) Evaluate(Tensor x, Tensor y, int batchSize = 32)
    {
        var (_, loss) = Compiled();
        CheckSamples(x, y);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        double lossSum = 0;
        long correct = 0;
        using var noGrad = torch.no_grad();
        for (long start = 0; start < x.shape[0]; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, x.shape[0] - start);
            var yb = y.narrow(0, start, count);
            var output = Forward(x.narrow(0, start, count), training: false, null);
            lossSum += loss.Compute(yb, output).ToDouble() * count;
            correct += Correct(yb, output);
        }

        return (lossSum / x.shape[0], _accuracy ? (double)correct / x.shape[0] : null);
    }

    /// <summary>Keras <c>predict</c>: the model's output for every sample, in inference mode.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <returns>The outputs, [n, ..].</returns>
    public Tensor Predict(Tensor x, int batchSize = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < x.shape[0]; start += batchSize)
        {
            parts.Add(Forward(x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start)), training: false, null));
        }

        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }

    /// <summary>Keras <c>get_weights</c>: copies of every weight, trainable or not, in layer order.</summary>
    /// <returns>The weights as arrays with their shapes.</returns>
    public IReadOnlyList<NpyArray> GetWeights() =>
        Variables().Select(v => ToArray(v.Variable.Value)).ToList();

    /// <summary>Keras <c>set_weights</c>: replaces every weight, in the order <see cref="GetWeights"/> gives.</summary>
    /// <param name="weights">One array per weight, each of the weight's shape.</param>
    /// <exception cref="ArgumentException">A different count or a shape mismatch (named); no weight is changed then.</exception>
    public void SetWeights(IReadOnlyList<NpyArray> weights)
    {
        var variables = Variables().ToList();
        if (weights.Count != variables.Count)
        {
            throw new ArgumentException($"The model has {variables.Count} weights but {weights.Count} were given.", nameof(weights));
        }

        // Every shape is checked before any weight changes, so a failed call leaves the model as it was.
        for (int i = 0; i < variables.Count; i++)
        {
            CheckShape(variables[i].Key, variables[i].Variable.Value, weights[i], nameof(weights));
        }

        for (int i = 0; i < variables.Count; i++)
        {
            Assign(variables[i].Variable.Value, weights[i]);
        }
    }

    /// <summary>
    /// Saves every weight to a NumPy <c>.npz</c> archive with keys <c>layer/weight</c> (e.g. <c>dense/kernel</c>),
    /// written to a temporary file and renamed, so <c>np.load</c> reads it and no half-written file is left.
    /// </summary>
    /// <param name="path">The archive to write.</param>
    public void SaveWeights(string path) =>
        NpzFile.Write(path, Variables().Select(v => KeyValuePair.Create(v.Key, ToArray(v.Variable.Value))));

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> (or written by numpy with the same keys).</summary>
    /// <param name="path">The archive.</param>
    /// <exception cref="ArgumentException">A missing key or a shape mismatch (named); no weight is changed then.</exception>
    public void LoadWeights(string path)
    {
        var arrays = NpzFile.ReadAll(path);

        // Every key and shape is checked before any weight changes, so a failed load leaves the model as it was.
        var pairs = new List<(Parameter Target, NpyArray Source)>();
        foreach (var (key, variable) in Variables())
        {
            if (!arrays.TryGetValue(key, out var array))
            {
                throw new ArgumentException($"'{path}' has no weight '{key}'; it holds: {string.Join(", ", arrays.Keys)}.", nameof(path));
            }

            CheckShape(key, variable.Value, array, nameof(path));
            pairs.Add((variable.Value, array));
        }

        foreach (var (target, source) in pairs)
        {
            Assign(target, source);
        }
    }

    /// <summary>
    /// Pretrained initialization from a Keras-layout <c>.npz</c> (keys <c>layer/weight</c>, as <see cref="SaveWeights"/>
    /// writes them), by name, with a report of loaded, missing, unexpected and shape-mismatched keys. Strict: any
    /// difference is one <see cref="ArgumentException"/> line and nothing is written. Not strict (transfer mode): the
    /// matching weights (the backbone) are loaded and every other weight keeps what its layer's initializer gave it
    /// at <see cref="Build"/> (listed in <see cref="CheckpointReport.Initialized"/>).
    /// </summary>
    /// <param name="path">The archive.</param>
    /// <param name="strict">Whether any difference is an error.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">Strict mode and the archive does not match the model.</exception>
    public CheckpointReport LoadPretrained(string path, bool strict = true)
    {
        var arrays = NpzFile.ReadAll(path);
        var loaded = new List<string>();
        var missing = new List<string>();
        var mismatched = new List<ShapeMismatch>();
        var kept = new List<string>();
        var pairs = new List<(Parameter Target, NpyArray Source)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, variable) in Variables())
        {
            keys.Add(key);
            var shape = variable.Value.shape;
            if (!arrays.TryGetValue(key, out var array))
            {
                missing.Add(key);
            }
            else if (!array.Shape.Select(d => (long)d).SequenceEqual(shape))
            {
                mismatched.Add(new ShapeMismatch(key, shape, array.Shape.Select(d => (long)d).ToArray()));
            }
            else
            {
                loaded.Add(key);
                pairs.Add((variable.Value, array));
                continue;
            }

            kept.Add(key);
        }

        var report = new CheckpointReport(loaded, missing, arrays.Keys.Where(k => !keys.Contains(k)).ToList(), mismatched, kept);
        if (strict && !report.IsExact)
        {
            throw new ArgumentException($"'{path}' does not match the model: {report.Differences()} (use strict: false to load what matches).", nameof(path));
        }

        foreach (var (target, source) in pairs)
        {
            Assign(target, source);
        }

        return report with { Initialized = strict ? [] : kept };
    }

    private IEnumerable<(string Key, Layers.Variable Variable)> Variables() =>
        _layers.SelectMany(l => l.Weights.Select(w => ($"{l.Name}/{w.Name}", w)));

    private (Optimizer, Loss) Compiled() =>
        _optimizer is not null && _loss is not null && Built
            ? (_optimizer, _loss)
            : throw new InvalidOperationException("Build and Compile the model before Fit or Evaluate.");

    private void CheckSamples(Tensor x, Tensor y)
    {
        if (x.shape[0] != y.shape[0])
        {
            throw new ArgumentException($"x has {x.shape[0]} samples but y has {y.shape[0]}.", nameof(y));
        }

        if (x.shape[0] == 0)
        {
            throw new ArgumentException("There are no samples.", nameof(x));
        }
    }

    private static long Correct(Tensor target, Tensor output)
    {
        using var scope = NewDisposeScope();
        var labels = target.dim() == output.dim() ? target.argmax(-1) : target.to_type(ScalarType.Int64);
        return output.argmax(-1).eq(labels).sum().ToInt64();
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

    private static NpyArray ToArray(Parameter value)
    {
        int[] shape = value.shape.Select(d => (int)d).ToArray();
        return value.dtype == ScalarType.Float64
            ? NpyArray.FromDoubles(value.data<double>().ToArray(), shape)
            : NpyArray.FromSingles(value.data<float>().ToArray(), shape);
    }

    private static void CheckShape(string key, Parameter target, NpyArray source, string paramName)
    {
        if (!source.Shape.SequenceEqual(target.shape.Select(d => (int)d)))
        {
            throw new ArgumentException(
                $"Weight '{key}' has shape ({string.Join(", ", target.shape)}) but the given array has ({string.Join(", ", source.Shape)}).", paramName);
        }
    }

    private static void Assign(Parameter target, NpyArray source)
    {
        using var noGrad = torch.no_grad();
        using var values = torch.tensor(source.ToArray(), target.shape, ScalarType.Float64);
        target.copy_(values);
    }
}
