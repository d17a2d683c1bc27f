using TfInit.Checkpoints;
using TfInit.Keras.Callbacks;
using TfInit.Keras.Layers;
using TfInit.Keras.Losses;
using TfInit.Keras.Native;
using TfInit.Keras.Optimizers;
using TfInit.NumPy;
using TfInit.Random;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Models;

/// <summary>
/// Keras <c>Sequential</c>: a stack of layers, each fed the previous one's output. The model is the layers and the
/// forward pass; Keras's training API on it (Compile, Fit, Evaluate, Predict, weights I/O) delegates to
/// <see cref="CompileSettings"/>, <see cref="Trainer"/>, <see cref="Evaluation"/> and <see cref="ModelWeights"/>.
/// </summary>
public sealed class Sequential
{
    private readonly List<Layer> _layers = [];
    private readonly LayerNames _names = new();
    private readonly ModelWeights _weights;
    private readonly Trainer _trainer;
    private CompileSettings? _compiled;

    /// <summary>Creates a model from layers.</summary>
    /// <param name="layers">The layers, in order.</param>
    /// <param name="name">The model's name.</param>
    public Sequential(IEnumerable<Layer>? layers = null, string name = "sequential")
    {
        Name = name;
        _weights = new ModelWeights(_layers);
        _trainer = new Trainer(this);
        foreach (var layer in layers ?? [])
        {
            Add(layer);
        }
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>The layers, in order.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>The input shape it was built for, without the batch axis; empty before <see cref="Build"/>.</summary>
    public long[] InputShape { get; private set; } = [];

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool Built => InputShape.Length > 0;

    /// <summary>Appends a layer, naming it after its type (<c>dense</c>, <c>dense_1</c>, ...) when it has no name.</summary>
    /// <param name="layer">The layer.</param>
    /// <exception cref="InvalidOperationException">The model is already built.</exception>
    /// <exception cref="ArgumentException">The layer's given name is already used in this model.</exception>
    public void Add(Layer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (Built)
        {
            throw new InvalidOperationException("Layers cannot be added to a built model.");
        }

        _names.Assign(layer, _layers);
        _layers.Add(layer);
    }

    /// <summary>
    /// Builds every layer in order for inputs of <paramref name="inputShape"/> (without the batch axis).
    /// </summary>
    /// <param name="inputShape">The input shape, e.g. [784] or [28, 28, 1].</param>
    /// <param name="dtype">float32 (Keras's default) or float64.</param>
    /// <param name="stream">A stream all initializers draw from in layer order, or null for their own seeds.</param>
    /// <exception cref="ArgumentException">An empty or non-positive input shape, or one a layer cannot take.</exception>
    public void Build(long[] inputShape, ScalarType dtype = ScalarType.Float32, RandomStream? stream = null)
    {
        if (inputShape.Length == 0 || inputShape.Any(d => d <= 0))
        {
            throw new ArgumentException(
                $"The input shape ({string.Join(", ", inputShape)}) must have at least one axis, all positive.", nameof(inputShape));
        }

        long[] shape = inputShape;
        foreach (var layer in _layers)
        {
            layer.Build(shape, dtype, stream);
            shape = layer.OutputShape;
        }

        InputShape = inputShape;
    }

    /// <summary>Runs a batch through every layer.</summary>
    /// <param name="input">[batch, ..<see cref="InputShape"/>].</param>
    /// <param name="training">Training mode (batch statistics, dropout).</param>
    /// <returns>The last layer's output.</returns>
    /// <exception cref="ArgumentException">The input's shape does not match the built input shape.</exception>
    public Tensor Call(Tensor input, bool training = false) => Forward(input, training, null);

    /// <summary>
    /// Runs a batch through every layer, handing each layer's output to <paramref name="observe"/> (the
    /// probes use it).
    /// </summary>
    /// <param name="input">[batch, ..<see cref="InputShape"/>].</param>
    /// <param name="training">Training mode.</param>
    /// <param name="observe">Called with each layer's index and output, or null.</param>
    /// <returns>The last layer's output.</returns>
    public Tensor Forward(Tensor input, bool training, Action<int, Tensor>? observe)
    {
        if (!Built)
        {
            throw new InvalidOperationException("Build the model (Build(inputShape)) before calling it.");
        }

        if (!input.shape.Skip(1).SequenceEqual(InputShape))
        {
            throw new ArgumentException(
                $"The input has shape ({string.Join(", ", input.shape)}) but the model takes (batch, {string.Join(", ", InputShape)}).",
                nameof(input));
        }

        using var scope = NewDisposeScope();
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            x = _layers[i].Call(x, training);
            observe?.Invoke(i, x);
        }

        return x.MoveToOuterDisposeScope();
    }

    /// <summary>The trainable parameters, for an optimizer.</summary>
    /// <returns>The parameters in layer order.</returns>
    public IEnumerable<Parameter> TrainableParameters() =>
        _layers.SelectMany(l => l.Weights).Where(w => w.Trainable).Select(w => w.Value);

    /// <summary>A Keras-like table of the layers, output shapes and parameter counts.</summary>
    /// <returns>The table.</returns>
    public string Summary() => ModelSummary.Format(Name, _layers);

    /// <summary>Keras <c>compile(optimizer, loss, metrics)</c>.</summary>
    /// <param name="optimizer">An optimizer (<see cref="SGD"/>, <see cref="Adam"/>).</param>
    /// <param name="loss">A loss object.</param>
    /// <param name="metrics">Metric names: only <c>accuracy</c> is known.</param>
    /// <exception cref="ArgumentException">An unknown metric.</exception>
    public void Compile(Optimizer optimizer, Loss loss, IEnumerable<string>? metrics = null) =>
        _compiled = CompileSettings.Create(optimizer, loss, metrics);

    /// <summary>
    /// Keras <c>fit</c>: trains for <paramref name="epochs"/> epochs of mini-batches. With
    /// <paramref name="validationSplit"/> the last fraction of the samples (before shuffling, as Keras does) is held
    /// out. The order of samples comes from a Philox stream keyed by <paramref name="seed"/>, so two runs with the same
    /// seed and initial weights produce the same history; a later call continues the shuffling sequence instead of
    /// replaying it. Denormal floats are flushed to zero from here on (<see cref="Denormals"/>): a vanishing
    /// initialization otherwise makes every step many times slower.
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
        double validationSplit = 0.0, bool shuffle = true, IEnumerable<Callback>? callbacks = null, long seed = 0) =>
        _trainer.Fit(Compiled(), x, y, epochs, batchSize, validationData, validationSplit, shuffle, callbacks, seed);

    /// <summary>Keras <c>evaluate</c>: the mean loss and accuracy over <paramref name="x"/> in inference mode.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="y">Targets.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <returns>The loss, and the accuracy (null when the model was compiled without it).</returns>
    public (double Loss, double? Accuracy) Evaluate(Tensor x, Tensor y, int batchSize = 32) =>
        Evaluation.Evaluate(this, Compiled(), x, y, batchSize);

    /// <summary>Keras <c>predict</c>: the model's output for every sample, in inference mode.</summary>
    /// <param name="x">Inputs.</param>
    /// <param name="batchSize">Samples per batch.</param>
    /// <returns>The outputs, [n, ..].</returns>
    public Tensor Predict(Tensor x, int batchSize = 32) => Evaluation.Predict(this, x, batchSize);

    /// <summary>Keras <c>get_weights</c>: copies of every weight, trainable or not, in layer order.</summary>
    /// <returns>The weights as arrays with their shapes.</returns>
    public IReadOnlyList<NpyArray> GetWeights() => _weights.Get();

    /// <summary>Keras <c>set_weights</c>: replaces every weight, in the order <see cref="GetWeights"/> gives.</summary>
    /// <param name="weights">One array per weight, each of the weight's shape.</param>
    /// <exception cref="ArgumentException">A different count or a shape mismatch (named); no weight is changed then.</exception>
    public void SetWeights(IReadOnlyList<NpyArray> weights) => _weights.Set(weights);

    /// <summary>
    /// Saves every weight to a NumPy <c>.npz</c> archive with keys <c>layer/weight</c> (e.g. <c>dense/kernel</c>),
    /// written to a temporary file and renamed, so <c>np.load</c> reads it and no half-written file is left.
    /// </summary>
    /// <param name="path">The archive to write.</param>
    public void SaveWeights(string path) => _weights.Save(path);

    /// <summary>Loads weights saved by <see cref="SaveWeights"/> (or written by numpy with the same keys).</summary>
    /// <param name="path">The archive.</param>
    /// <exception cref="ArgumentException">A missing key or a shape mismatch (named); no weight is changed then.</exception>
    public void LoadWeights(string path) => _weights.Load(path);

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
    public CheckpointReport LoadPretrained(string path, bool strict = true) => _weights.LoadPretrained(path, strict);

    private CompileSettings Compiled() =>
        _compiled is not null && Built
            ? _compiled
            : throw new InvalidOperationException("Build and Compile the model before Fit or Evaluate.");
}
