using TfInit.Initializers;

namespace TfInit.Experiments.Training;

/// <summary>The comparisons <c>tfinit train --preset</c> runs.</summary>
public static class TrainingPresets
{
    /// <summary>The depth of the he2015 preset's network: the 30-layer model of He et al. 2015, section 3.2.</summary>
    public const int He2015Depth = 30;

    /// <summary>The width of every hidden layer of the he2015 preset.</summary>
    public const int He2015Width = 256;

    /// <summary>The preset names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["deep-mlp", "he2015"];

    /// <summary>
    /// <para>
    /// deep-mlp: He normal, Glorot uniform, RandomNormal(0.01), RandomNormal(0.01) with batch norm, LSUV and Orthogonal,
    /// each on the template's model (TrainingSpec's defaults: 784 -> 20 hidden ReLU layers of 256 -> 10, the deep MLP
    /// the tutorial says 0.01 cannot train); the batch-norm run has batch norm whatever the template says.
    /// </para>
    /// <para>
    /// he2015: the deep-network claim of "Delving Deep into Rectifiers" (He, Zhang, Ren and Sun, 2015, figure 3):
    /// 784 -> 30 ReLU layers of 256 -> 10 without batch norm, once with He normal (Var W = 2 / fan_in) and once with
    /// the "Xavier" initialization that paper compares against, Var W = 1 / fan_in (Keras's LecunNormal). Both are
    /// Keras's truncated normals, rescaled so that the standard deviation is exactly sqrt(scale / fan_in). With
    /// 1 / fan_in each ReLU layer halves the forward variance, so 30 layers shrink the signal by 2^15 and the network
    /// stalls at chance (for the first epoch on Fashion-MNIST; it may escape later, see the README); He's factor 2 keeps it. The template's optimizer, epochs, batch size and seed are used, its model is not.
    /// </para>
    /// </summary>
    /// <param name="name">A preset name.</param>
    /// <param name="template">The model (depth, width, activation, batch norm), optimizer, epochs, batch size and seed to use (its initializer is ignored; he2015 ignores the model too).</param>
    /// <returns>The runs.</returns>
    /// <exception cref="ArgumentException">An unknown preset.</exception>
    public static IReadOnlyList<TrainingSpec> Get(string name, TrainingSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        switch (name)
        {
            case "deep-mlp":
                return
                [
                    template with { Initializer = new HeNormal() },
                    template with { Initializer = new GlorotUniform() },
                    template with { Initializer = new RandomNormal(0.0, 0.01) },
                    template with { Initializer = new RandomNormal(0.0, 0.01), BatchNorm = true },
                    template with { Initializer = null },
                    template with { Initializer = new Orthogonal() },
                ];
            case "he2015":
                var deep = template with { Depth = He2015Depth, Width = He2015Width, Activation = "relu", BatchNorm = false };
                return [deep with { Initializer = new HeNormal() }, deep with { Initializer = new LecunNormal() }];
            default:
                throw new ArgumentException($"Unknown preset '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name));
        }
    }
}
