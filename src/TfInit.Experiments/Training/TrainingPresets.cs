using TfInit.Initializers;

namespace TfInit.Experiments.Training;

/// <summary>The comparisons <c>tfinit train --preset</c> runs.</summary>
public static class TrainingPresets
{
    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["deep-mlp"];

    /// <summary>
    /// deep-mlp: He normal, Glorot uniform, RandomNormal(0.01), RandomNormal(0.01) with batch norm, LSUV and Orthogonal,
    /// each on the template's model (TrainingSpec's defaults: 784 -> 20 hidden ReLU layers of 256 -> 10, the deep MLP
    /// the tutorial says 0.01 cannot train); the batch-norm run has batch norm whatever the template says.
    /// </summary>
    /// <param name="name">A preset name.</param>
    /// <param name="template">The model (depth, width, activation, batch norm), optimizer, epochs, batch size and seed to use (its initializer is ignored).</param>
    /// <returns>The runs.</returns>
    /// <exception cref="ArgumentException">An unknown preset.</exception>
    public static IReadOnlyList<TrainingSpec> Get(string name, TrainingSpec template)
    {
        if (name != "deep-mlp")
        {
            throw new ArgumentException($"Unknown preset '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name));
        }

        var deep = template;
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
