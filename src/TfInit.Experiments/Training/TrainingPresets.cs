using TfInit.Initializers;

namespace TfInit.Experiments.Training;

/// <summary>The comparisons <c>tfinit train --preset</c> runs.</summary>
public static class TrainingPresets
{
    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["deep-mlp"];

    /// <summary>
    /// deep-mlp: 784 -> 20 hidden ReLU layers of 256 -> 10, comparing He normal, Glorot uniform,
    /// RandomNormal(0.01), RandomNormal(0.01) with batch norm, LSUV and Orthogonal.
    /// </summary>
    /// <param name="name">A preset name.</param>
    /// <param name="template">Optimizer, epochs, batch size and seed to use (its initializer is ignored).</param>
    /// <returns>The runs.</returns>
    /// <exception cref="ArgumentException">An unknown preset.</exception>
    public static IReadOnlyList<TrainingSpec> Get(string name, TrainingSpec template)
    {
        if (name != "deep-mlp")
        {
            throw new ArgumentException($"Unknown preset '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name));
        }

        var deep = template with { Depth = 20, Width = 256, Activation = "relu", BatchNorm = false };
        return
        [
            deep with { Initializer = new HeNormal() },
            deep with { Initializer = new GlorotUniform() },
            deep with { Initializer = new RandomNormal(0.0, 0.01) },
            deep with { Initializer = new RandomNormal(0.0, 0.01), BatchNorm = true },
            deep with { Initializer = null },
            deep with { Initializer = new Orthogonal() },
        ];
    }
}
