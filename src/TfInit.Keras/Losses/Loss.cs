using TorchSharp;
using static TorchSharp.torch;

namespace TfInit.Keras.Losses;

/// <summary>Base of the Keras losses: maps targets and predictions to the mean loss over the batch.</summary>
public abstract class Loss
{
    /// <summary>Keras's fuzz factor: probabilities are clipped to [epsilon, 1 - epsilon] before the log.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>Sets whether predictions are logits.</summary>
    /// <param name="fromLogits">True when the model's last layer has no softmax.</param>
    protected Loss(bool fromLogits) => FromLogits = fromLogits;

    /// <summary>True when predictions are unnormalized logits rather than probabilities.</summary>
    public bool FromLogits { get; }

    /// <summary>The Keras name, e.g. <c>sparse_categorical_crossentropy</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The mean loss over the batch.</summary>
    /// <param name="target">The targets.</param>
    /// <param name="prediction">The model's output, [batch, classes].</param>
    /// <returns>A scalar tensor.</returns>
    public abstract Tensor Compute(Tensor target, Tensor prediction);

    /// <summary>log p per class: log_softmax of logits, or the log of the clipped, renormalized probabilities as Keras does.</summary>
    /// <param name="prediction">[batch, classes].</param>
    /// <returns>[batch, classes] log-probabilities.</returns>
    protected Tensor LogProbabilities(Tensor prediction)
    {
        if (FromLogits)
        {
            return nn.functional.log_softmax(prediction, -1);
        }

        var p = prediction.div(prediction.sum(-1, keepdim: true));
        // Scalars are held until the call returns (an implicit temporary may be finalized while libtorch reads it).
        using Scalar low = Epsilon, high = 1 - Epsilon;
        return p.clamp(low, high).log();
    }

    /// <summary>Resolves a Keras loss name.</summary>
    /// <param name="name">sparse_categorical_crossentropy or categorical_crossentropy.</param>
    /// <param name="fromLogits">Whether predictions are logits.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones).</exception>
    public static Loss Get(string name, bool fromLogits = false) => name switch
    {
        "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(fromLogits),
        "categorical_crossentropy" => new CategoricalCrossentropy(fromLogits),
        _ => throw new ArgumentException(
            $"Unknown loss '{name}'; allowed: sparse_categorical_crossentropy, categorical_crossentropy.", nameof(name)),
    };
}
