using System.Globalization;
using TfInit.Initializers;

namespace TfInit.Experiments.Training;

/// <summary>
/// One training run of the initializer comparison: an MLP of <see cref="Depth"/> hidden layers of
/// <see cref="Width"/> units on flattened images, trained with SGD or Adam and evaluated on the test set.
/// </summary>
/// <param name="Initializer">The kernel initializer of every Dense layer, or null for LSUV (orthonormal, then rescaled on a batch).</param>
/// <param name="BatchNorm">Whether each hidden layer is Dense (no activation) -> BatchNormalization -> activation.</param>
/// <param name="Depth">Hidden layers; positive.</param>
/// <param name="Width">Units per hidden layer; positive.</param>
/// <param name="Activation">The hidden activation.</param>
/// <param name="Optimizer">sgd or adam.</param>
/// <param name="LearningRate">The step size.</param>
/// <param name="Momentum">SGD momentum (ignored by Adam).</param>
/// <param name="Epochs">Epochs; positive.</param>
/// <param name="BatchSize">Samples per batch; positive.</param>
/// <param name="Seed">Seed of the initializers and of the shuffling order.</param>
public sealed record TrainingSpec(
    Initializer? Initializer,
    bool BatchNorm = false,
    int Depth = 20,
    int Width = 256,
    string Activation = "relu",
    string Optimizer = "sgd",
    double LearningRate = 0.01,
    double Momentum = 0.9,
    int Epochs = 2,
    int BatchSize = 64,
    long Seed = 1)
{
    /// <summary>A readable name: the initializer's class (or LSUV) and "+ BN".</summary>
    public string Label => (Initializer?.ClassName ?? "LSUV")
        + (Initializer is RandomNormal r ? string.Create(CultureInfo.InvariantCulture, $"({r.Stddev})") : "") + (BatchNorm ? " + BN" : "");
}
