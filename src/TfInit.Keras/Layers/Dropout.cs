using TfInit.Random;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TfInit.Keras.Layers;

/// <summary>
/// Keras <c>Dropout(rate)</c>: in training, zeroes each input with probability rate and scales the rest by
/// 1 / (1 - rate); at inference, the identity.
/// </summary>
public sealed class Dropout : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Fraction dropped; in [0, 1).</param>
    /// <param name="name">The layer's name, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">rate outside [0, 1).</exception>
    public Dropout(double rate, string? name = null)
        : base(name)
    {
        if (!(rate >= 0 && rate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "rate must lie in [0, 1).");
        }

        Rate = rate;
    }

    /// <summary>Fraction dropped in training.</summary>
    public double Rate { get; }

    /// <inheritdoc />
    protected override long[] BuildCore(long[] inputShape, ScalarType dtype, RandomStream? stream) => inputShape;

    /// <inheritdoc />
    protected override Tensor CallCore(Tensor input, bool training) =>
        training && Rate > 0 ? F.dropout(input, Rate, training: true) : input.alias();
}
