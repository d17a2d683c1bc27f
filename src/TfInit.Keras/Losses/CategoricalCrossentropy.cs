using static TorchSharp.torch;

namespace TfInit.Keras.Losses;

/// <summary>
/// Keras <c>CategoricalCrossentropy(from_logits=False)</c>: <c>-sum(y * log p)</c> averaged over the batch,
/// with one-hot (or soft) targets.
/// </summary>
/// <param name="fromLogits">True when the model outputs logits.</param>
public sealed class CategoricalCrossentropy(bool fromLogits = false) : Loss(fromLogits)
{
    /// <inheritdoc />
    public override string Name => "categorical_crossentropy";

    /// <inheritdoc />
    public override Tensor Compute(Tensor target, Tensor prediction)
    {
        using var scope = NewDisposeScope();
        return target.mul(LogProbabilities(prediction)).sum(-1).mean().neg().MoveToOuterDisposeScope();
    }
}
