using TfInit.Random;
using static TorchSharp.torch;

namespace TfInit.Keras.Layers;

/// <summary>Keras <c>Activation(activation)</c>: applies a named activation function.</summary>
public sealed class Activation : Layer
{
    private readonly Func<Tensor, Tensor> _function;

    /// <summary>Creates the layer.</summary>
    /// <param name="activation">One of <see cref="Activations.Names"/>.</param>
    /// <param name="name">The layer's name, or null.</param>
    /// <exception cref="ArgumentException">An unknown activation.</exception>
    public Activation(string activation, string? name = null)
        : base(name)
    {
        _function = Activations.Get(activation);
        Function = activation;
    }

    /// <summary>The activation's name.</summary>
    public string Function { get; }

    /// <inheritdoc />
    internal override string? OutputActivation => Function;

    /// <inheritdoc />
    protected override long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream) => inputShape;

    /// <inheritdoc />
    protected override Tensor CallCore(Tensor input, bool training) => _function(input);
}
