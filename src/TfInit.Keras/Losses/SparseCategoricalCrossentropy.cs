using static TorchSharp.torch;

namespace TfInit.Keras.Losses;

/// <summary>
/// Keras <c>SparseCategoricalCrossentropy(from_logits=False)</c>: <c>-log p[label]</c> averaged over the batch,
/// with integer class labels.
/// </summary>
/// <param name="fromLogits">True when the model outputs logits.</param>
public sealed class SparseCategoricalCrossentropy(bool fromLogits = false) : Loss(fromLogits)
{
    /// <inheritdoc />
    public override string Name => "sparse_categorical_crossentropy";

    /// <inheritdoc />
    public override Tensor Compute(Tensor target, Tensor prediction)
    {
        using var scope = NewDisposeScope();
        var labels = target.to_type(ScalarType.Int64).reshape(-1, 1);
        return LogProbabilities(prediction).gather(1, labels).mean().neg().MoveToOuterDisposeScope();
    }
}
