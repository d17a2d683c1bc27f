using TfInit.Random;
using static TorchSharp.torch;

namespace TfInit.Keras.Layers;

/// <summary>Keras <c>Flatten()</c>: reshapes [batch, d1, d2, ...] to [batch, d1 * d2 * ...] in row-major order.</summary>
public sealed class Flatten : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer's name, or null.</param>
    public Flatten(string? name = null)
        : base(name)
    {
    }

    /// <inheritdoc />
    protected override long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream) =>
        [inputShape.Aggregate(1L, (a, b) => a * b)];

    /// <inheritdoc />
    protected override Tensor CallCore(Tensor input, bool training) => input.flatten(1);
}
