using TfInit.Numerics;

namespace TfInit.Nonlinearities;

/// <summary>
/// Keras 3's elementwise activations as functions of one double, by the names <c>keras.activations</c> uses
/// (and TfInit.Keras's <c>Activations</c>), plus <c>softplus</c> and <c>mish</c>: what <see cref="Initializers.Gain.Compute(string)"/>
/// integrates.
/// </summary>
public static class ScalarActivations
{
    // Klambauer et al., "Self-Normalizing Neural Networks" (2017): the constants that make E[selu(z)^2] = 1.
    private const double SeluAlpha = 1.6732632423543772848170429916717;
    private const double SeluScale = 1.0507009873554804934193349852946;

    // Keras 3's leaky_relu default negative_slope.
    private const double LeakySlope = 0.2;

    /// <summary>The names <see cref="Get"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["linear", "relu", "tanh", "sigmoid", "leaky_relu", "elu", "selu", "gelu", "swish", "silu", "softplus", "mish"];

    /// <summary>
    /// linear x; relu max(x, 0); tanh; sigmoid 1 / (1 + e^-x); leaky_relu x or 0.2 x; elu x or e^x - 1;
    /// selu 1.0507 * (x or 1.6733 (e^x - 1)); gelu x * Phi(x) (the exact erf form, Keras's default, Hendrycks and Gimpel
    /// 2016); swish / silu x * sigmoid(x); softplus log(1 + e^x); mish x * tanh(softplus(x)) (Misra 2019).
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The function.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the valid ones).</exception>
    public static Func<double, double> Get(string name) => name switch
    {
        "linear" => x => x,
        "relu" => x => x > 0 ? x : 0,
        "tanh" => Math.Tanh,
        "sigmoid" => Sigmoid,
        "leaky_relu" => x => x > 0 ? x : LeakySlope * x,
        "elu" => x => x > 0 ? x : Math.Exp(x) - 1,
        "selu" => x => SeluScale * (x > 0 ? x : SeluAlpha * (Math.Exp(x) - 1)),
        "gelu" => x => x * NormalDistribution.Cdf(x),
        "swish" or "silu" => x => x * Sigmoid(x),
        "softplus" => Softplus,
        "mish" => x => x * Math.Tanh(Softplus(x)),
        _ => throw new ArgumentException(
            $"Unknown activation '{name}'; allowed (elementwise): {string.Join(", ", Names)}.", nameof(name)),
    };

    // Written so that neither branch overflows: e^-x for x >= 0, e^x otherwise.
    private static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    private static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));
}
