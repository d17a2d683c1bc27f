using TfInit.Initializers;
using TfInit.Random;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.Keras.Layers;

/// <summary>
/// Base of the Keras-style layers. A layer is built once for an input shape (without the batch axis),
/// creating its weights from TfInit initializers, then called on batches.
/// </summary>
public abstract class Layer
{
    private readonly List<Variable> _weights = [];

    /// <summary>Sets the layer's name (null: the model names it after its type, as Keras does).</summary>
    /// <param name="name">The name.</param>
    protected Layer(string? name) => Name = name;

    /// <summary>The layer's name; a model assigns <c>dense</c>, <c>dense_1</c>, ... when none was given.</summary>
    public string? Name { get; internal set; }

    /// <summary>The Keras type name shown by <c>Summary()</c>, e.g. <c>Dense</c>.</summary>
    public string TypeName => GetType().Name;

    /// <summary>The weights, in Keras's order (kernel then bias; gamma, beta, moving mean, moving variance).</summary>
    public IReadOnlyList<Variable> Weights => _weights;

    /// <summary>Whether <see cref="Build"/> has run.</summary>
    public bool Built { get; private set; }

    /// <summary>The input shape it was built for, without the batch axis.</summary>
    public long[] InputShape { get; private set; } = [];

    /// <summary>The output shape, without the batch axis.</summary>
    public long[] OutputShape { get; private set; } = [];

    /// <summary>The number of scalar weights.</summary>
    public long ParamCount => _weights.Sum(w => w.Value.numel());

    /// <summary>
    /// Creates the weights for inputs of <paramref name="inputShape"/> (without the batch axis).
    /// </summary>
    /// <param name="inputShape">The input shape.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="stream">A stream every initializer draws from in turn (as a Python script drawing from one
    /// <c>np.random</c> state does), or null for each initializer's own seed.</param>
    /// <exception cref="ArgumentException">An input shape the layer cannot take.</exception>
    /// <exception cref="InvalidOperationException">The layer is already built.</exception>
    public void Build(long[] inputShape, ScalarType dtype = ScalarType.Float32, RandomStream? stream = null)
    {
        if (Built)
        {
            throw new InvalidOperationException($"Layer '{Name}' is already built for input shape ({string.Join(", ", InputShape)}).");
        }

        if (dtype is not (ScalarType.Float32 or ScalarType.Float64))
        {
            // Training keeps float32/float64 weights (GetWeights, SaveWeights, LSUV and the optimizers read them as such).
            throw new ArgumentException(
                $"dtype {dtype} is not supported: TfInit.Keras layers build in Float32 or Float64. For Float16 or BFloat16 weights, fill " +
                "TorchSharp tensors of that dtype with TfInit.TorchSharp's TensorFill (the core's rounded values), or cast a built model's weights.",
                nameof(dtype));
        }

        OutputShape = BuildCore(inputShape, dtype, stream);
        InputShape = inputShape;
        Built = true;
    }

    /// <summary>Applies the layer to a batch.</summary>
    /// <param name="input">A batch whose shape is [batch, ..<see cref="InputShape"/>].</param>
    /// <param name="training">True in training mode (batch statistics, dropout).</param>
    /// <returns>The output batch.</returns>
    /// <exception cref="InvalidOperationException">The layer is not built.</exception>
    public Tensor Call(Tensor input, bool training = false)
    {
        if (!Built)
        {
            throw new InvalidOperationException($"Layer '{Name}' must be built before it is called.");
        }

        return CallCore(input, training);
    }

    /// <summary>
    /// The kernel LSUV rescales (Mishkin and Matas 2015) and whose gradient the backward probe reports: a layer with one
    /// says so itself (Dense, Conv2D), so neither needs a list of layer types. Null for a layer without a kernel.
    /// </summary>
    internal virtual Parameter? RescalableKernel => null;

    /// <summary>The activation applied to this layer's output (its own, or the one it is), for the probes' saturation; null for none.</summary>
    internal virtual string? OutputActivation => null;

    /// <summary>Creates the weights and returns the output shape.</summary>
    /// <param name="inputShape">The input shape without the batch axis.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="stream">The shared stream, or null.</param>
    /// <returns>The output shape without the batch axis.</returns>
    protected abstract long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream);

    /// <summary>Computes the output of a built layer.</summary>
    /// <param name="input">The batch.</param>
    /// <param name="training">Training mode.</param>
    /// <returns>The output.</returns>
    protected abstract Tensor CallCore(Tensor input, bool training);

    /// <summary>
    /// Creates a weight filled by <paramref name="initializer"/> from the TfInit core (never through
    /// <c>torch.nn.init</c>, whose xavier_normal_ and trunc_normal_ are wrong in TorchSharp).
    /// </summary>
    /// <param name="name">The weight's name.</param>
    /// <param name="shape">Its shape, in Keras layout.</param>
    /// <param name="initializer">The initializer.</param>
    /// <param name="dtype">float32 or float64.</param>
    /// <param name="stream">The shared stream, or null for the initializer's own.</param>
    /// <param name="trainable">Whether an optimizer updates it.</param>
    /// <returns>The parameter.</returns>
    protected Parameter AddWeight(string name, long[] shape, Initializer initializer, ScalarType dtype, RandomStream? stream, bool trainable = true)
    {
        int[] dims = shape.Select(d => checked((int)d)).ToArray();
        using var values = dtype == ScalarType.Float64
            ? torch.tensor(initializer.Generate(stream, dims), shape, ScalarType.Float64)
            : torch.tensor(initializer.GenerateSingle(stream, dims), shape, ScalarType.Float32);
        // Each temporary is held to the end: TorchSharp passes a tensor's handle to libtorch without keeping the object
        // alive, so a chained values.detach().clone() let the GC finalize (and free) the detached tensor mid-clone, which
        // failed a fresh-machine CI run with "Unsupported TypeMeta in ATen".
        using var detached = values.detach();
        var parameter = new Parameter(detached.clone(), trainable);
        _weights.Add(new Variable(name, parameter, initializer, trainable));
        return parameter;
    }

    /// <summary>Checks a positive count argument.</summary>
    /// <param name="value">The value.</param>
    /// <param name="paramName">The argument's name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    protected static int Positive(int value, string paramName) => value > 0
        ? value
        : throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be a positive integer.");
}
