using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace TfInit.Keras;

/// <summary>Keras's activation functions by name, with the bounds the saturation probe uses.</summary>
public static class Activations
{
    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["linear", "relu", "tanh", "sigmoid", "leaky_relu", "elu", "selu", "gelu", "swish", "silu", "softmax"];

    /// <summary>
    /// The function called <paramref name="name"/>: linear x; relu max(x, 0); tanh; sigmoid 1 / (1 + e^-x);
    /// leaky_relu x or 0.2 x (Keras 3's negative_slope); elu x or e^x - 1; selu (Klambauer et al. 2017);
    /// gelu (exact, erf form); swish / silu x * sigmoid(x); softmax over the last axis.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The function.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones).</exception>
    public static Func<Tensor, Tensor> Get(string name) => name switch
    {
        "linear" => x => x.alias(),
        "relu" => x => F.relu(x),
        "tanh" => x => F.tanh(x),
        "sigmoid" => x => F.sigmoid(x),
        "leaky_relu" => x => F.leaky_relu(x, 0.2),
        "elu" => x => F.elu(x, 1.0),
        "selu" => x => F.selu(x),
        "gelu" => x => F.gelu(x),
        "swish" or "silu" => x => F.silu(x),
        "softmax" => x => F.softmax(x, -1),
        _ => throw new ArgumentException($"Unknown activation '{name}'; allowed: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The bounds of a saturating activation (tanh, sigmoid), or null (softmax is bounded but its small outputs are not saturation).</summary>
    /// <param name="name">An activation name.</param>
    /// <returns>The bounds.</returns>
    public static (double Low, double High)? Bounds(string name) => name switch
    {
        "tanh" => (-1.0, 1.0),
        "sigmoid" => (0.0, 1.0),
        _ => null,
    };
}
